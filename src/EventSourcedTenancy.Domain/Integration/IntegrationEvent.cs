namespace EventSourcedTenancy.Integration.V1;

/// <summary>
/// What every integration event carries besides its own fields, so that a consumer can deduplicate
/// (<see cref="EventId"/>, or <see cref="StreamId"/> with <see cref="StreamVersion"/>) and order
/// (<see cref="Sequence"/> across the installation, <see cref="StreamVersion"/> within one stream) what it
/// receives at least once. docs/contract.md describes the wire format.
/// </summary>
public abstract record IntegrationEvent
{
    /// <summary>The id of the stored event this message reports; the same on every redelivery.</summary>
    public Guid EventId { get; init; }

    /// <summary>The stream the event belongs to: the account's id for account events, the tenant's for tenant events.</summary>
    public Guid StreamId { get; init; }

    /// <summary>The event's position in its stream (1 for the first event).</summary>
    public long StreamVersion { get; init; }

    /// <summary>The event's position in the whole installation: grows with every stored event, never reused.</summary>
    public long Sequence { get; init; }

    /// <summary>When the event was stored.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The version of this contract: <see cref="IntegrationContract.SchemaVersion"/>.</summary>
    public int SchemaVersion { get; init; } = IntegrationContract.SchemaVersion;

    /// <summary>The correlation id of the request that caused the event, when it had one.</summary>
    public string? CorrelationId { get; init; }
}

/// <summary>The stored event's facts an integration event carries: where and when it was stored.</summary>
public sealed record EventFacts(Guid EventId, Guid StreamId, long StreamVersion, long Sequence, DateTimeOffset OccurredAt, string? CorrelationId);
