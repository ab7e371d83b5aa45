using Marten;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// How long a command id (Idempotency-Key or bus message id) is remembered: for this long a repeat returns
/// the first outcome (Idempotency:Retention, default 7 days; at least 1 hour).
/// </summary>
public sealed record IdempotencySettings(TimeSpan Retention)
{
    public static readonly TimeSpan Minimum = TimeSpan.FromHours(1);

    public static IdempotencySettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var retention = configuration.GetValue("Idempotency:Retention", TimeSpan.FromDays(7));
        return retention < Minimum
            ? throw new InvalidOperationException($"Idempotency:Retention is {retention}; set it to at least {Minimum} (the default is 7 days).")
            : new IdempotencySettings(retention);
    }
}

/// <summary>Removes the records of command ids older than the retention, once an hour (and at start).</summary>
public sealed partial class IdempotencyCleanup(IDocumentStore store, IdempotencySettings settings, TimeProvider clock, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes the expired records; returns how many.</summary>
    public async Task<int> CleanAsync(CancellationToken cancellation)
    {
        var cutoff = clock.GetUtcNow() - settings.Retention;
        await using var session = store.LightweightSession();
        // Secrets issued over the bus and never picked up go too, once their pickup expired.
        session.DeleteWhere<SecretPickup>(p => p.ExpiresAt < clock.GetUtcNow());
        var expired = await session.Query<ProcessedCommand>().Where(p => p.ProcessedAt < cutoff).CountAsync(cancellation);
        await session.SaveChangesAsync(cancellation);
        if (expired > 0)
        {
            session.DeleteWhere<ProcessedCommand>(p => p.ProcessedAt < cutoff);
            await session.SaveChangesAsync(cancellation);
            LogCleaned(expired, settings.Retention);
        }

        return expired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await CleanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Information, "Removed {Count} command ids older than the idempotency retention of {Retention}.")]
    private partial void LogCleaned(int count, TimeSpan retention);

    [LoggerMessage(LogLevel.Warning, "Removing expired command ids failed; the next try is in an hour.")]
    private partial void LogFailed(Exception error);
}
