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

        var previous = await PreviousAsync(operations, audited[0].Sequence, cancellation);
        var homes = await AuditEntries.AccountHomesAsync(operations, audited, cancellation);
        var entries = new AuditEntry[audited.Count];
        var hash = previous.Hash;
        for (var i = 0; i < audited.Count; i++)
        {
            entries[i] = AuditChain.Link(AuditEntries.From(audited[i], homes), hash);
            hash = entries[i].Hash;
        }

        operations.Store(entries);
        operations.Store(new AuditChainHead { LastSequence = entries[^1].Sequence, LastHash = hash });
    }

    /// <summary>
    /// The chain's last link before <paramref name="sequence"/>. The daemon commits each batch before it builds
    /// the next, so this is the end of the previous batch; on a rebuild (entries torn down) it is the genesis.
    /// </summary>
    private static async Task<ChainPoint> PreviousAsync(IQuerySession session, long sequence, CancellationToken cancellation)
    {
        var stored = await session.Query<AuditEntry>()
            .Where(x => x.Sequence < sequence)
            .OrderByDescending(x => x.Sequence)
            .Take(1)
            .ToListAsync(cancellation);
        return stored.Count == 0 ? new ChainPoint(0, AuditChain.Genesis) : new ChainPoint(stored[0].Sequence, stored[0].Hash);
    }

    private sealed record ChainPoint(long Sequence, string Hash);
}
