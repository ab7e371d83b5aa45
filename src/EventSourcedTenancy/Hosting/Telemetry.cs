using System.Diagnostics;
using System.Diagnostics.Metrics;
using EventSourcedTenancy.Commands;
using Marten;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// OpenTelemetry: the service's own metrics (<see cref="MeterName"/>), and, when an OTLP endpoint is configured,
/// traces and metrics of ASP.NET Core, Wolverine, Marten and Npgsql exported over OTLP. Without an endpoint nothing
/// is exported and no tracing runs (the meters cost nothing until something listens).
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "EventSourcedTenancy";
    public const string MeterName = "EventSourcedTenancy";

    private static readonly Meter Meter = new(MeterName);

    /// <summary><c>tenancy.commands</c>: commands handled, tagged <c>command</c> and <c>outcome</c> (<c>accepted</c> or the rejection code).</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "tenancy.commands", "{command}", "Commands handled, by command and outcome (accepted, or the rejection code).");

    /// <summary><c>tenancy.command.duration</c>: from the handler's start to its outcome, in milliseconds, tagged <c>command</c> and <c>outcome</c>.</summary>
    public static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "tenancy.command.duration", "ms", "Time to load, decide and append a command (before the commit), by command and outcome.");

    /// <summary>Records one handled command.</summary>
    public static void Record(string command, CommandOutcome outcome, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!Commands.Enabled && !CommandDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "command", command }, { "outcome", outcome.Accepted ? "accepted" : outcome.Code ?? "rejected" } };
        Commands.Add(1, tags);
        CommandDuration.Record(elapsed.TotalMilliseconds, tags);
    }

    /// <summary>The OTLP endpoint, from <c>OpenTelemetry:Endpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null: export nothing.</summary>
    public static Uri? Endpoint(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration["OpenTelemetry:Endpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        return string.IsNullOrWhiteSpace(value) ? null : new Uri(value, UriKind.Absolute);
    }

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = Endpoint(configuration);
        if (endpoint is null)
        {
            return services;
        }

        services.AddSingleton<ProjectionLagGauge>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionLagGauge>());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource("Wolverine", "Marten", "Npgsql"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(MeterName, ProjectionLagGauge.MeterName, "Marten", "Npgsql", "Wolverine:*"))
            .UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, endpoint);
        return services;
    }
}

/// <summary>
/// <c>tenancy.projection.lag</c>: per async projection and subscription (tag <c>projection</c>), the age in seconds of
/// the oldest event it has not processed, read every 15 s while telemetry is exported.
/// </summary>
internal sealed class ProjectionLagGauge : BackgroundService
{
    public const string MeterName = "EventSourcedTenancy.Projections";

    private readonly IDocumentStore store;
    private readonly ILogger<ProjectionLagGauge> logger;
    private readonly Meter meter = new(MeterName);
    private volatile IReadOnlyList<ProjectionLag> latest = [];

    public ProjectionLagGauge(IDocumentStore store, ILogger<ProjectionLagGauge> logger)
    {
        this.store = store;
        this.logger = logger;
        meter.CreateObservableGauge("tenancy.projection.lag", () => latest.Select(l => new Measurement<double>(
            l.Age.TotalSeconds, new KeyValuePair<string, object?>("projection", l.Shard))), "s", "Age of the oldest event a projection or subscription has not processed.");
        meter.CreateObservableGauge("tenancy.projection.events_behind", () => latest.Select(l => new Measurement<long>(
            l.EventsBehind, new KeyValuePair<string, object?>("projection", l.Shard))), "{event}", "Events a projection or subscription has not processed.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        do
        {
            try
            {
                latest = await ProjectionLag.ReadAsync(store, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The gauge keeps its last reading; /health/ready says what is wrong with the database.
                logger.LogWarning(e, "The projections' progress could not be read for the tenancy.projection.lag gauge.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }
}
