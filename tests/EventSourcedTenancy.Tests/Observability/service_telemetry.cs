using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace EventSourcedTenancy.Tests.Observability;

/// <summary>
/// A stand-in OTLP collector: an HTTP listener on a free local port that keeps every request's path and body
/// (OTLP over HTTP with protobuf bodies, in which names and attribute values appear as plain UTF-8).
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> received = new();

    public OtlpReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Address + "/");
        listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public string Address { get; }

    /// <summary>Everything received on <paramref name="path"/> so far, as one text (protobuf strings are readable in it).</summary>
    public string Received(string path) =>
        string.Concat(received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose() => listener.Close();
}

/// <summary>The service exporting its telemetry to an OTLP endpoint (traces at once, metrics every half second), against a database of its own.</summary>
public sealed class TelemetryServiceFixture : ServiceFixture
{
    public static readonly OtlpReceiver Receiver = new();

    public TelemetryServiceFixture()
        : base(TestDatabase.Own("telemetry"), new Dictionary<string, string?>
        {
            ["Bus__Transport"] = null,
            [IdlePollingVariable] = IdlePolling,
            ["OpenTelemetry__Endpoint"] = Receiver.Address,
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        })
    {
    }
}

[CollectionDefinition(Name)]
public sealed class TelemetryTestCollection : ICollectionFixture<TelemetryServiceFixture>
{
    public const string Name = "service-telemetry";
}

[Collection(TelemetryTestCollection.Name)]
public sealed class service_telemetry(TelemetryServiceFixture fixture)
{
    [Fact]
    public async Task commands_are_counted_and_timed_by_name_and_outcome()
    {
        var world = await Installation.CreateAsync(fixture);
        var measured = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Telemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => measured.Enqueue((i.Name, value, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => measured.Enqueue((i.Name, value, Tags(tags))));
        listener.Start();

        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/password-reset");
        var refusal = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.Viewer)}");
            s.Post.Url($"/accounts/{world.Administrator}/password-reset");
            s.StatusCodeShouldBe(403);
        });
        var code = System.Text.Json.Nodes.JsonNode.Parse(await refusal.ReadAsTextAsync())!["code"]!.GetValue<string>();

        bool Seen(string instrument, string outcome) => measured.Any(m =>
            m.Instrument == instrument && (string?)m.Tags["command"] == nameof(ResetPassword) && (string?)m.Tags["outcome"] == outcome && m.Value > 0);
        Seen("tenancy.commands", "accepted").ShouldBeTrue();
        Seen("tenancy.command.duration", "accepted").ShouldBeTrue();
        // A refusal is counted under its rejection code, the one the caller got.
        var refused = measured.Where(m => m.Instrument == "tenancy.commands" && (string?)m.Tags["outcome"] != "accepted").ToList();
        refused.ShouldContain(m => (string?)m.Tags["command"] == nameof(ResetPassword) && (string?)m.Tags["outcome"] == code,
            string.Join(", ", refused.Select(m => $"{m.Tags["command"]}={m.Tags["outcome"]}")));
        Seen("tenancy.command.duration", code).ShouldBeTrue();
    }

    [Fact]
    public async Task traces_and_metrics_reach_the_configured_otlp_endpoint()
    {
        fixture.Host.Services.GetService<TracerProvider>().ShouldNotBeNull();
        var world = await Installation.CreateAsync(fixture);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/password-reset");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string traces = string.Empty, metrics = string.Empty;
        string[] spans = ["EventSourcedTenancy", "Microsoft.AspNetCore", "Npgsql", "Wolverine", "ResetPassword"];
        string[] instruments = ["tenancy.commands", "tenancy.command.duration", "tenancy.projection.lag", "tenancy.projection.events_behind", "wolverine-", "http.server.request.duration"];
        while (DateTime.UtcNow < deadline)
        {
            traces = TelemetryServiceFixture.Receiver.Received("/v1/traces");
            metrics = TelemetryServiceFixture.Receiver.Received("/v1/metrics");
            if (spans.All(traces.Contains) && instruments.All(metrics.Contains))
            {
                break;
            }

            await Task.Delay(250);
        }

        foreach (var name in spans)
        {
            traces.ShouldContain(name, customMessage: $"no span data mentions {name}");
        }

        foreach (var name in instruments)
        {
            metrics.ShouldContain(name, customMessage: $"no metric named {name}");
        }

        metrics.ShouldContain("AuditTrail:All", customMessage: "the projection lag carries no projection name");
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }

        return result;
    }
}
