using Npgsql;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// With the PostgreSQL transport, integration events wait in queue tables until their subscriber takes them. A
/// queue nobody consumes would grow without bound and keep personal data, so every hour (and at start) the events
/// older than <see cref="ServiceSettings.IntegrationEventRetention"/> are removed from each integration queue.
/// </summary>
public sealed partial class IntegrationEventRetention(ServiceSettings settings, ILogger<IntegrationEventRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Removes the expired integration events of every integration queue; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellation)
    {
        var removed = 0;
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellation);
        foreach (var queue in settings.IntegrationQueues)
        {
            // Wolverine stamps each row of a queue table with its UTC arrival time.
            await using var delete = new NpgsqlCommand(
                $"delete from {settings.QueueTable(queue)} where timestamp < (now() at time zone 'utc') - @retention",
                connection);
            delete.Parameters.AddWithValue("retention", settings.IntegrationEventRetention);
            try
            {
                var count = await delete.ExecuteNonQueryAsync(cancellation);
                removed += count;
                if (count > 0)
                {
                    LogRemoved(count, queue, settings.IntegrationEventRetention);
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // Not created yet: nothing was published to it.
            }
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} integration events older than {Retention} that nobody took from the queue {Queue}")]
    private partial void LogRemoved(int count, string queue, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove expired integration events; trying again in an hour")]
    private partial void LogFailed(Exception exception);
}
