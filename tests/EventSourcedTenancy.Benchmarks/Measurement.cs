using System.Diagnostics;
using System.Globalization;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>One repetition's result: how many operations in how long, and each operation's latency when recorded.</summary>
public sealed record Sample(int Operations, TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}

/// <summary>A scenario's repetitions, summarized.</summary>
public sealed record Result(string Scenario, string Unit, IReadOnlyList<double> Values, string Baseline, double? BaselineMedian, string Note = "")
{
    public double Median => Percentile(Values, 0.5);
    public double Min => Values.Min();
    public double Max => Values.Max();
    public double? Ratio => BaselineMedian is > 0 ? Median / BaselineMedian : null;

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Scenario} | {Median:0.0} | {Min:0.0} | {Max:0.0} | {Unit} | {Baseline} | {(Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {Note} |");
}

public static class Run
{
    /// <summary>Runs <paramref name="operations"/> calls spread over <paramref name="concurrency"/> workers, timing each.</summary>
    public static async Task<Sample> ConcurrentlyAsync(int operations, int concurrency, Func<int, int, Task> operation)
    {
        var latencies = new double[operations];
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < operations)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(worker, index);
                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        watch.Stop();
        return new Sample(operations, watch.Elapsed, latencies);
    }

    /// <summary>Repeats a measurement, after one untimed warm-up, and reports progress.</summary>
    /// <summary>
    /// The least time spent warming up before the repetitions that count: a freshly started process (the service of
    /// scenarios 2 and 3) is still compiling its hot code to its final tier for the first seconds.
    /// </summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<List<Sample>> RepeatAsync(string name, int repetitions, Func<Task<Sample>> measure)
    {
        var warming = Stopwatch.StartNew();
        do
        {
            await measure();
        }
        while (warming.Elapsed < WarmUp);

        var samples = new List<Sample>();
        for (var i = 1; i <= repetitions; i++)
        {
            samples.Add(await measure());
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: repetition {i}/{repetitions}: {samples[^1].PerSecond:0.0}/s"));
        }

        return samples;
    }
}
