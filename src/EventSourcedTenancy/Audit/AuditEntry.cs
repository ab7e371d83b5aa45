namespace EventSourcedTenancy.Audit;

/// <summary>
/// One entry of the audit trail per event of a tenant or account stream: who did what, to whom, on whose
/// authority, when (the event's own time), and the hash that chains it to the entry before it.
/// The document's id is the event's global sequence number, so entries sort in the order events were stored.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>The event's global sequence number (the document id, and the keyset cursor).</summary>
    public long Sequence { get; init; }

    public Guid EventId { get; init; }

    public Guid StreamId { get; init; }

    public StreamKind StreamKind { get; init; }

    public long StreamVersion { get; init; }

    /// <summary>The event's type name, for example <c>AccountSetInactive</c>.</summary>
    public string EventType { get; init; } = string.Empty;

    /// <summary>When the event was stored (from the event, never the clock).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The tenant the stream belongs to: the tenant itself, or the account's home tenant.</summary>
    public Guid TenantId { get; init; }

    /// <summary>The tenant the actor's authority was resolved in (the envelope's tenant), when there was an actor.</summary>
    public Guid? ActorTenantId { get; init; }

    /// <summary>
    /// The tenant whose authority was exercised here when it is not the tenant the stream belongs to
    /// (<see cref="ActorTenantId"/> when it differs from <see cref="TenantId"/>): the second way an entry belongs to a
    /// tenant's trail. A column of its own (not in the JSON, not part of the hash), so those few entries have their own
    /// indexes and statistics (docs/audit.md).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid? ExercisedFrom { get; init; }

    /// <summary>The real actor; null for the installation itself (bootstrap, identity-provider callbacks).</summary>
    public Guid? Actor { get; init; }

    /// <summary>The identity acted as under impersonation.</summary>
    public Guid? ActingAs { get; init; }

    /// <summary>The role the actor's authority came from (the superuser's under impersonation).</summary>
    public string? Role { get; init; }

    /// <summary>Where the authority came from: Home, Inherited, Impersonation, System.</summary>
    public string? Authority { get; init; }

    /// <summary>Http, Bus or CommandLine.</summary>
    public string? Source { get; init; }

    public string? SendingService { get; init; }

    public string? Reason { get; init; }

    public string? CorrelationId { get; init; }

    public string? CausationId { get; init; }

    /// <summary>The account or tenant the event is about.</summary>
    public Guid Target { get; init; }

    /// <summary>The command that caused the event, or the event type when no command is recorded.</summary>
    public string Operation { get; init; } = string.Empty;

    /// <summary>One readable line, for example "Owner 0196… set account 0197… inactive: Left the company".</summary>
    public string Summary { get; init; } = string.Empty;

    /// <summary>
    /// SHA-256 of the event's data without the personal fields that erasure may mask, so that a change to
    /// a stored event is detected while a lawful erasure is not mistaken for tampering.
    /// </summary>
    public string DataDigest { get; init; } = string.Empty;

    /// <summary>The <see cref="Hash"/> of the entry before this one, or <see cref="AuditChain.Genesis"/> for the first.</summary>
    public string PreviousHash { get; init; } = string.Empty;

    /// <summary>SHA-256 over the canonical form of this entry's content and <see cref="PreviousHash"/>.</summary>
    public string Hash { get; init; } = string.Empty;
}

/// <summary>The end of the chain as last projected: where the next batch of entries continues from.</summary>
public sealed record AuditChainHead
{
    public const string SingletonId = "audit-chain";

    public string Id { get; init; } = SingletonId;

    public long LastSequence { get; init; }

    public string LastHash { get; init; } = AuditChain.Genesis;

    /// <summary>The latest event time among the entries so far.</summary>
    public DateTimeOffset? LatestTime { get; init; }

    /// <summary>
    /// The most any entry's time fell behind the latest time of the entries stored before it, in microseconds:
    /// events appended by overlapping transactions are stored in another order than they were timed. Null when it
    /// was not measured from the first entry on (a trail projected by an earlier version, until it is rebuilt).
    /// A time filter reads the sequences this bounds (<see cref="AuditFilter"/>).
    /// </summary>
    public long? LatenessMicroseconds { get; init; }

    /// <summary>The head after <paramref name="entry"/>: its link, and the latest time and lateness with its time counted.</summary>
    public AuditChainHead After(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var behind = LatestTime is { } latest && latest > entry.Timestamp ? (latest - entry.Timestamp).Ticks / TimeSpan.TicksPerMicrosecond : 0;
        return this with
        {
            LastSequence = entry.Sequence,
            LastHash = entry.Hash,
            LatestTime = LatestTime is { } known && known > entry.Timestamp ? known : entry.Timestamp,
            LatenessMicroseconds = LatenessMicroseconds is { } lateness ? Math.Max(lateness, behind) : null,
        };
    }

    /// <summary>The head of an empty trail: nothing behind yet, measured from the first entry on.</summary>
    public static AuditChainHead Empty { get; } = new() { LatenessMicroseconds = 0 };
}
