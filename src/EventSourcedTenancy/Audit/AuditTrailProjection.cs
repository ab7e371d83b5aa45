using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EventSourcedTenancy.Audit;

/// <summary>
/// Builds the audit trail, run by the async daemon, which hands it the events in global sequence order, one
/// batch at a time. Each batch continues the chain from the entry just before its first event, links its
/// entries one after the other, and stores them with the new chain head in the daemon's transaction.
/// Nothing here reads the clock, so a rebuild gives the same entries and hashes.
/// </summary>
public sealed class AuditTrailProjection : IProjection
{
    public const string Name = "AuditTrail";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        var audited = events.Where(AuditEntries.IsAudited).OrderBy(e => e.Sequence).ToList();
        if (audited.Count == 0)
        {
            return;
        }

        var head = await HeadBeforeAsync(operations, audited[0].Sequence, cancellation);
        var homes = await AuditEntries.AccountHomesAsync(operations, audited, cancellation);
        var entries = new AuditEntry[audited.Count];
        for (var i = 0; i < audited.Count; i++)
        {
            entries[i] = AuditChain.Link(AuditEntries.From(audited[i], homes), head.LastHash);
            head = head.After(entries[i]);
        }

        operations.Store(entries);
        operations.Store(head);
    }

    /// <summary>
    /// The chain as it stood before <paramref name="sequence"/>: its last link, latest time and lateness. The daemon
    /// commits each batch before it builds the next, so the last entry is the end of the previous batch and the stored
    /// head is the one written with it; on a rebuild (entries and head torn down) it is the empty trail. A head written
    /// by an earlier version has no lateness, and its trail keeps none until it is rebuilt.
    /// </summary>
    private static async Task<AuditChainHead> HeadBeforeAsync(IQuerySession session, long sequence, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var last = batch.Query<AuditEntry>()
            .Where(x => x.Sequence < sequence)
            .OrderByDescending(x => x.Sequence)
            .Take(1)
            .ToList();
        var stored = batch.Load<AuditChainHead>(AuditChainHead.SingletonId);
        await batch.Execute(cancellation);
        var entries = await last;
        if (entries.Count == 0)
        {
            return AuditChainHead.Empty;
        }

        var head = await stored;
        return new AuditChainHead
        {
            LastSequence = entries[0].Sequence,
            LastHash = entries[0].Hash,
            LatestTime = head?.LatestTime is { } latest && latest > entries[0].Timestamp ? latest : entries[0].Timestamp,
            LatenessMicroseconds = head?.LatenessMicroseconds,
        };
    }
}
