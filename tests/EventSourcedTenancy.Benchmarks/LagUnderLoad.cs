using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>
/// Scenario 8: how far the async projections fall behind while the command path runs flat out, how soon they catch up
/// when the load stops, and how soon after a SIGKILL under load and a restart. The lag is what the service itself
/// reports in its readiness check (the age of each projection's oldest unprocessed event), read once a second.
/// </summary>
public static class LagUnderLoad
{
    private const int Concurrency = 8;

    public static async Task<IReadOnlyList<Result>> MeasureAsync(
        string connection, string token, IReadOnlyList<Guid> users, TimeSpan load, string scenario = "8", IReadOnlyDictionary<string, string>? environment = null)
    {
        var results = new List<Result>();
        var service = ServiceProcess.Start(connection, environment);
        try
        {
            await service.WaitUntilReadyAsync();
            await WaitUntilCaughtUpAsync(service.Address, TimeSpan.FromMinutes(5));

            // Sustained load, the lag sampled each second.
            var (commands, elapsed, lags) = await LoadAsync(service.Address, token, users, load);
            var rate = commands / elapsed.TotalSeconds;
            results.Add(new Result(
                string.Create(CultureInfo.InvariantCulture, $"{scenario}. Projection lag during {load.TotalSeconds:0} s of commands over HTTP at concurrency {Concurrency} ({rate:0} commands/s)"),
                "s", lags, "-", null,
                string.Create(CultureInfo.InvariantCulture, $"the oldest unprocessed event of any projection, read each second ({lags.Count} readings); max {lags.DefaultIfEmpty().Max():0.0} s")));

            var stopped = Stopwatch.StartNew();
            await WaitUntilCaughtUpAsync(service.Address, TimeSpan.FromMinutes(5));
            results.Add(new Result($"{scenario}. Caught up after the load stopped", "s", [stopped.Elapsed.TotalSeconds], "-", null, "every projection and subscription at the newest event"));

            // Load again, then SIGKILL in the middle of it, restart, and time the catch-up from readiness.
            var beforeKill = TimeSpan.FromSeconds(Math.Min(10, load.TotalSeconds));
            using var stop = new CancellationTokenSource();
            var killedLoad = LoadAsync(service.Address, token, users, beforeKill + TimeSpan.FromMinutes(1), stop.Token);
            await Task.Delay(beforeKill);
            service.Dispose();
            await stop.CancelAsync();
            var (sent, _, _) = await killedLoad;
            var restart = Stopwatch.StartNew();
            service = ServiceProcess.Start(connection, environment);
            await service.WaitUntilReadyAsync();
            var ready = restart.Elapsed;
            var afterReady = Stopwatch.StartNew();
            await WaitUntilCaughtUpAsync(service.Address, TimeSpan.FromMinutes(5));
            results.Add(new Result($"{scenario}. Caught up after a SIGKILL under load and a restart, from the service being ready", "s", [afterReady.Elapsed.TotalSeconds], "-", null,
                string.Create(CultureInfo.InvariantCulture, $"killed after {beforeKill.TotalSeconds:0} s of load ({sent:N0} commands answered); ready {ready.TotalSeconds:0.0} s after the restart")));
        }
        finally
        {
            service.Dispose();
        }

        return results;
    }

    /// <summary>ResetPassword over HTTP from <see cref="Concurrency"/> workers for <paramref name="duration"/>; the lag read each second meanwhile.</summary>
    private static async Task<(int Commands, TimeSpan Elapsed, List<double> Lags)> LoadAsync(
        Uri address, string token, IReadOnlyList<Guid> users, TimeSpan duration, CancellationToken stop = default)
    {
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(stop);
        end.CancelAfter(duration);
        var commands = 0;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Concurrency).Select(async worker =>
        {
            while (!end.IsCancellationRequested)
            {
                try
                {
                    using var response = await http.PostAsync(new Uri($"/accounts/{users[worker % users.Count]}/password-reset", UriKind.Relative), null, end.Token);
                    response.EnsureSuccessStatusCode();
                    Interlocked.Increment(ref commands);
                }
                catch (Exception) when (end.IsCancellationRequested || stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException) when (stop.CanBeCanceled)
                {
                    // The service was killed under this load: the requests it had not answered fail.
                    return;
                }
            }
        }).ToList();
        var lags = new List<double>();
        while (!end.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), end.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var lag = await ReadLagAsync(address);
            if (lag is { } reading)
            {
                lags.Add(reading.Seconds);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  lag: {watch.Elapsed.TotalSeconds:0} s into the load, {commands:N0} commands, {reading.Seconds:0.0} s behind ({reading.Shards})"));
            }
        }

        await Task.WhenAll(workers);
        return (commands, watch.Elapsed, lags);
    }

    private static async Task WaitUntilCaughtUpAsync(Uri address, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (await ReadLagAsync(address) is { Events: 0 })
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The projections did not catch up within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>The largest lag the readiness check reports: seconds behind and events behind, over all projections.</summary>
    private static async Task<(double Seconds, long Events, string Shards)?> ReadLagAsync(Uri address)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
            var shards = document.RootElement.GetProperty("checks").GetProperty("projections").GetProperty("data").EnumerateObject().ToList();
            var behind = string.Join(", ", shards.Select(s => $"{s.Name} {s.Value.GetProperty("eventsBehind").GetInt64():N0}"));
            return (shards.Max(s => s.Value.GetProperty("secondsBehind").GetDouble()), shards.Max(s => s.Value.GetProperty("eventsBehind").GetInt64()), behind);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or KeyNotFoundException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
