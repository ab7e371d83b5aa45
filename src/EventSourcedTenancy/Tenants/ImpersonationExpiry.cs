using EventSourcedTenancy.Commands;
using Marten;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Ends impersonation sessions that ran out of time, each with an <see cref="ImpersonationEnded"/> event
/// (<see cref="EndImpersonation.Expire"/> decides which), once a minute. A session that ran out is refused
/// from the moment it expires, whether or not this has recorded it yet.
/// </summary>
public sealed partial class ImpersonationExpiry(IDocumentStore store, TimeProvider clock, ILogger<ImpersonationExpiry> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>Records the end of every session that ran out by now; returns how many.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        await using var query = store.QuerySession();
        var tenants = await query.Query<Tenant>().Where(t => t.ImpersonationSessions.Any(s => s.ExpiresAt <= now)).Select(t => t.Id).ToListAsync(cancellation);
        var ended = 0;
        foreach (var id in tenants)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<Tenant>(id, cancellation);
            if (stream.Aggregate is not { } tenant)
            {
                continue;
            }

            var events = EndImpersonation.Expire(tenant, now);
            if (events.Count == 0)
            {
                continue;
            }

            AuditEnvelope.Apply(session, new CommandMetadata(null, null, "impersonation-expiry", CommandSource.System, null, null, null, "session expired", null),
                Authorization.ActorContext.System(id), nameof(ImpersonationExpiry));
            stream.AppendMany(events.Select(e => e.Event));
            await session.SaveChangesAsync(cancellation);
            ended += events.Count;
        }

        if (ended > 0)
        {
            LogExpired(ended);
        }

        return ended;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ExpireAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Recorded the end of {Count} impersonation sessions that ran out of time.")]
    private partial void LogExpired(int count);

    [LoggerMessage(LogLevel.Warning, "Recording the end of expired impersonation sessions failed; the next try is in a minute.")]
    private partial void LogFailed(Exception error);
}
