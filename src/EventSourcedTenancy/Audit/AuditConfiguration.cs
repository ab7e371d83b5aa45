using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedTenancy.Audit;

public static class AuditConfiguration
{
    private static readonly (string Member, bool NotNull)[] DuplicatedMembers =
    [
        (nameof(AuditEntry.TenantId), false), (nameof(AuditEntry.ActorTenantId), false), (nameof(AuditEntry.Actor), false),
        (nameof(AuditEntry.ActingAs), false), (nameof(AuditEntry.Target), false), (nameof(AuditEntry.Operation), false),
        (nameof(AuditEntry.EventType), false), (nameof(AuditEntry.Timestamp), false), (nameof(AuditEntry.ExercisedFrom), false),
    ];

    /// <summary>
    /// The indexes of the audit trail besides its key, for a tenant's own entries: each leads with the tenant and what a
    /// filter fixes, and ends with the sequence.
    /// </summary>
    public static IReadOnlyList<string[]> Indexes { get; } =
    [
        ["tenant_id", "id"],
        ["tenant_id", "target", "id"],
        ["tenant_id", "actor", "id"],
        ["tenant_id", "acting_as", "id"],
        ["tenant_id", "operation", "id"],
        ["tenant_id", "event_type", "id"],
        // Bounds the sequences a time filter reads (AuditFilter.SequenceRangeAsync).
        ["timestamp"],
    ];

    /// <summary>The entries that record a tenant's authority exercised on another tenant's streams.</summary>
    public const string ExercisedElsewhere = "exercised_from is not null";

    /// <summary>
    /// The same for entries where a tenant's authority was exercised on another tenant's streams: partial indexes over
    /// just those entries (<see cref="ExercisedElsewhere"/>), leading with the tenant whose authority it was.
    /// </summary>
    public static IReadOnlyList<string[]> ExercisedIndexes { get; } =
        [.. Indexes.Where(columns => columns[0] == "tenant_id").Select(columns => (string[])["exercised_from", .. columns[1..]])];

    /// <summary>
    /// The audit trail: an async projection (the daemon feeds it events in sequence order, which the hash
    /// chain needs), its entries keyed by event sequence, and the chain head. A rebuild deletes both first.
    /// </summary>
    public static void ConfigureAudit(this StoreOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Projections.Add(new AuditTrailProjection(), ProjectionLifecycle.Async, AuditTrailProjection.Name, async =>
        {
            async.DeleteViewTypeOnTeardown<AuditEntry>();
            async.DeleteViewTypeOnTeardown<AuditChainHead>();
        });
        opts.Schema.For<AuditEntry>().Identity(x => x.Sequence);
        // The columns the documented filters read are duplicated out of the JSON into columns of their own (queries
        // on them use the columns), and indexed together with the sequence, so each page is read in order along one
        // index (docs/audit.md).
        opts.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(AuditEntry))
            {
                return;
            }

            foreach (var (member, notNull) in DuplicatedMembers)
            {
                mapping.DuplicateField(member, null, notNull);
            }

            foreach (var columns in Indexes)
            {
                mapping.AddIndex([.. columns]);
            }

            foreach (var columns in ExercisedIndexes)
            {
                mapping.AddIndex([.. columns]).Predicate = ExercisedElsewhere;
            }
        });
        opts.Schema.For<AuditChainHead>();
    }
}
