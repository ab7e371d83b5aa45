using Npgsql;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Runtime.Serialization;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// Bytes put on the command queue that are not a message envelope at all cannot be answered (there is no
/// reply address) and Wolverine's listener leaves them in the inbox. Every few seconds this moves them to the
/// dead-letter store, with their bytes as the dead letter's data and the reason, so they are kept for
/// inspection and never block the recovery of the inbox after a crash.
/// </summary>
public sealed partial class UnreadableEnvelopes(ServiceSettings settings, IWolverineRuntime runtime, ILogger<UnreadableEnvelopes> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public const string MessageType = "unreadable-envelope";

    /// <summary>Moves the unreadable envelopes of the command queue to the dead-letter store; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellation)
    {
        var unreadable = new List<(Guid Id, byte[] Body, Exception Error)>();
        await using (var connection = new NpgsqlConnection(settings.ConnectionString))
        {
            await connection.OpenAsync(cancellation);
            await using var select = new NpgsqlCommand(
                $"select id, body from {settings.MessageStorageSchema}.wolverine_incoming_envelopes where status = 'Incoming' and received_at like @queue limit 100",
                connection);
            select.Parameters.AddWithValue("queue", $"postgresql://{settings.CommandQueue}%");
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                var body = (byte[])reader["body"];
                try
                {
                    _ = EnvelopeSerializer.Deserialize(body);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    unreadable.Add((reader.GetGuid(0), body, e));
                }
            }
        }

        foreach (var (id, body, error) in unreadable)
        {
            var envelope = new Envelope
            {
                Id = id,
                Destination = settings.CommandQueueUri,
                Data = body,
                MessageType = MessageType,
                ContentType = "application/octet-stream",
            };
            await runtime.Storage.Inbox.MoveToDeadLetterStorageAsync(envelope,
                new InvalidDataException($"The {body.Length} bytes on the command queue are not a message envelope ({error.Message}); they were kept as this dead letter's data.", error));
            LogMoved(id, body.Length);
        }

        return unreadable.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Message {Id} on the command queue was not a message envelope ({Length} bytes); it was moved to the dead-letter store.")]
    private partial void LogMoved(Guid id, int length);

    [LoggerMessage(LogLevel.Warning, "Looking for unreadable envelopes on the command queue failed; the next look is in a few seconds.")]
    private partial void LogFailed(Exception error);
}
