using EventSourcedTenancy.Integration.V1;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;
using Wolverine.Runtime.Serialization;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// Publishes integration events to the PostgreSQL queues of their subscribers, through the async daemon: each stored
/// event as its message of the contract, in order, in the same transaction that records the subscription's progress.
/// Wolverine routes and serializes each message (its envelope, headers and type name are what any other sender to
/// those queues writes); the row goes straight into the queue table in the daemon's transaction instead of into the
/// outbox, so a page of events costs one transaction however many events it holds, and an event is queued exactly
/// once (a page that fails is rolled back with its progress and retried). With the outbox, each event took a
/// statement and a connection of its own after the commit, one at a time, and the subscription fell behind a busy
/// command path (docs/bus.md). RabbitMQ keeps Wolverine's relay through the outbox: a broker is not in the transaction.
/// </summary>
public sealed class IntegrationEventQueues : SubscriptionBase
{
    /// <summary>The subscription's name (also that of the relay used with RabbitMQ): its progress is Marten's record under this name.</summary>
    public const string SubscriptionName = "IntegrationEvents";

    private readonly IServiceProvider services;
    private readonly ServiceSettings settings;

    public IntegrationEventQueues(IServiceProvider services, ServiceSettings settings)
    {
        this.services = services;
        this.settings = settings;
        Name = SubscriptionName;
    }

    // Resolved on the first page: the Wolverine runtime is built after the document store that owns this subscription.
    private IWolverineRuntime Runtime => field ??= services.GetRequiredService<IWolverineRuntime>();

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(operations);
        var context = new MessageContext(Runtime);
        await context.EnlistInOutboxAsync(new QueueTableTransaction(operations, settings));
        foreach (var stored in page.Events)
        {
            if (MessageOf(stored) is { } message)
            {
                await context.PublishAsync(message);
            }
        }

        // Nothing is flushed after the commit: every message is already in its queue table.
        return NullChangeListener.Instance;
    }

    /// <summary>The integration event a stored event becomes, or null for an event that is not published.</summary>
    public static IntegrationEvent? MessageOf(IEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return IntegrationContract.Translate(stored.Data, new EventFacts(
            stored.Id, stored.StreamId, stored.Version, stored.Sequence, stored.Timestamp, stored.CorrelationId));
    }

    /// <summary>Writes each outgoing envelope into the table of its destination queue, in the daemon's transaction.</summary>
    private sealed class QueueTableTransaction(IDocumentOperations operations, ServiceSettings settings) : IEnvelopeTransaction
    {
        // Wolverine names a queue's endpoint and table alike: hyphens become underscores (ServiceSettings.QueueTable).
        private readonly Dictionary<string, string> tables = settings.IntegrationQueues.ToDictionary(
            q => q.Replace('-', '_').ToLowerInvariant(), settings.QueueTable, StringComparer.Ordinal);

        public Task PersistOutgoingAsync(Envelope envelope)
        {
            ArgumentNullException.ThrowIfNull(envelope);
            var table = envelope.Destination is { Scheme: "postgresql" } destination && tables.TryGetValue(destination.Host, out var known)
                ? known
                : throw new InvalidOperationException($"An integration event was routed to {envelope.Destination}, which is not an integration-event queue.");
            operations.QueueSqlCommand(
                $"insert into {table} (id, body, message_type, keep_until) values (?, ?, ?, ?) on conflict (id) do nothing",
                envelope.Id, EnvelopeSerializer.Serialize(envelope), envelope.MessageType!, (object?)envelope.DeliverBy ?? DBNull.Value);
            return Task.CompletedTask;
        }

        public async Task PersistOutgoingAsync(Envelope[] envelopes)
        {
            ArgumentNullException.ThrowIfNull(envelopes);
            foreach (var envelope in envelopes)
            {
                await PersistOutgoingAsync(envelope);
            }
        }

        public Task PersistIncomingAsync(Envelope envelope) =>
            throw new InvalidOperationException("Integration events are only sent from here, never received.");

        public ValueTask RollbackAsync() => ValueTask.CompletedTask;

        public Task<bool> TryMakeEagerIdempotencyCheckAsync(Envelope envelope, DurabilitySettings settings, CancellationToken cancellation) =>
            Task.FromResult(true);
    }
}
