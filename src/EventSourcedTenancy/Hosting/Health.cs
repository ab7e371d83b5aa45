using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventSourcedTenancy.Hosting;

public static class Health
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<ProjectionLagHealthCheck>("projections", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        // Live: the process answers. Ready: it can also reach its database (503 otherwise); a projection or
        // subscription further behind than EventStore:LagWarning makes it Degraded (still 200, with the reason).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteReportAsync });
        return app;
    }

    /// <summary>The report as JSON: the overall status, and each check's status, description and figures.</summary>
    private static Task WriteReportAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        });
    }
}

/// <summary>
/// How far each async projection and subscription of the event store is behind the events stored: the events it
/// has not processed yet and the age of the oldest of them. Degraded when one is older than
/// <see cref="ServiceSettings.ProjectionLagWarning"/>: read models and integration events are that late.
/// </summary>
internal sealed class ProjectionLagHealthCheck(IDocumentStore store, ServiceSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var lags = await ProjectionLag.ReadAsync(store, cancellationToken);
            return ProjectionLag.Assess(lags, settings.ProjectionLagWarning);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The progress of the projections cannot be read; see the database check.", e);
        }
    }
}

/// <summary>One projection's or subscription's distance from the newest stored event.</summary>
internal sealed record ProjectionLag(string Shard, long EventsBehind, TimeSpan Age)
{
    private const string HighWaterMark = "HighWaterMark";

    /// <summary>Each async projection's and subscription's progress (Marten's own record of it) against the newest stored event.</summary>
    public static async Task<IReadOnlyList<ProjectionLag>> ReadAsync(IDocumentStore store, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        var progress = await store.Advanced.AllProjectionProgress(token: cancellation);
        await using var session = store.QuerySession();
        var newest = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Take(1).ToListAsync(cancellation);
        var stored = newest.Count == 0 ? 0 : newest[0].Sequence;
        // Shards that stopped at the same sequence share one read of the event after it (caught up: no read at all).
        var oldest = new Dictionary<long, DateTimeOffset?>();
        var lags = new List<ProjectionLag>();
        foreach (var shard in progress.Where(p => p.ShardName != HighWaterMark))
        {
            if (shard.Sequence < stored && !oldest.ContainsKey(shard.Sequence))
            {
                var next = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > shard.Sequence).OrderBy(e => e.Sequence).Take(1).ToListAsync(cancellation);
                oldest[shard.Sequence] = next.Count == 0 ? null : next[0].Timestamp;
            }

            var age = oldest.GetValueOrDefault(shard.Sequence) is { } at ? DateTimeOffset.UtcNow - at : TimeSpan.Zero;
            lags.Add(new ProjectionLag(shard.ShardName, Math.Max(0, stored - shard.Sequence), age));
        }

        return lags;
    }

    /// <summary>Healthy when every shard's oldest unprocessed event is at most <paramref name="warning"/> old; Degraded naming the ones that are older.</summary>
    public static HealthCheckResult Assess(IReadOnlyList<ProjectionLag> lags, TimeSpan warning)
    {
        ArgumentNullException.ThrowIfNull(lags);
        var data = lags.ToDictionary(
            l => l.Shard,
            l => (object)new Dictionary<string, object> { ["eventsBehind"] = l.EventsBehind, ["secondsBehind"] = Math.Round(l.Age.TotalSeconds, 1) });
        var late = lags.Where(l => l.Age > warning).ToList();
        return late.Count == 0
            ? HealthCheckResult.Healthy($"Every projection and subscription is within {warning.TotalSeconds:0.#} s of the newest event.", data)
            : HealthCheckResult.Degraded(
                string.Join("; ", late.Select(l => $"{l.Shard} is {l.EventsBehind:N0} events ({l.Age.TotalSeconds:0} s) behind")) +
                $": more than EventStore:LagWarning ({warning.TotalSeconds:0.#} s). Read models and integration events are late; check that the service's async daemon runs (its log) and that PostgreSQL keeps up.",
                data: data);
    }
}

internal sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            var one = await session.QueryAsync<int>("select 1", cancellationToken);
            return one.Count == 1
                ? HealthCheckResult.Healthy("PostgreSQL answers.")
                : HealthCheckResult.Unhealthy("PostgreSQL gave an unexpected answer to `select 1`.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(
                "PostgreSQL cannot be reached: check ConnectionStrings__Postgres, or start the local database with `dotnet cake --target=Database`.",
                e);
        }
    }
}
