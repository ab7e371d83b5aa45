using System.Runtime.CompilerServices;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Rules;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Audit;

/// <summary>
/// The outcome of a verification: the whole chain holds (<paramref name="Entries"/> entries up to
/// <paramref name="Head"/>), or the first sequence where it does not, and why.
/// </summary>
public sealed record AuditVerification(bool Verified, long Entries, string? Head, long? FirstBrokenSequence, string? Reason)
{
    public static AuditVerification Holds(long entries, string head) => new(true, entries, head, null, null);

    public static AuditVerification Broken(long entries, long sequence, string reason) => new(false, entries, null, sequence, reason);
}

/// <summary>
/// Walks the chain in sequence order, next to the events it was built from, up to the last event the audit
/// projection has processed. Each entry must link to the entry before it, carry the hash of its own
/// content, and say what its event says (rebuilt from the stored event now). So an altered, removed or
/// inserted entry is found, and so is an altered or removed stored event. Memory stays flat: both sides
/// are read in keyset-paged chunks.
/// </summary>
public static class AuditVerifier
{
    private const int ChunkSize = 1000;

    public static async Task<AuditVerification> VerifyAsync(IDocumentStore store, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        var processed = await ProcessedUpToAsync(store, cancellation);
        await using var session = store.QuerySession();
        await using var expected = ExpectedEntriesAsync(session, processed, cancellation).GetAsyncEnumerator(cancellation);
        await using var stored = StoredEntriesAsync(session, processed, cancellation).GetAsyncEnumerator(cancellation);
        var previousHash = AuditChain.Genesis;
        long count = 0;
        var hasExpected = await expected.MoveNextAsync();
        var hasStored = await stored.MoveNextAsync();
        while (hasExpected || hasStored)
        {
            if (hasStored && (!hasExpected || stored.Current.Sequence < expected.Current.Sequence))
            {
                return AuditVerification.Broken(count, stored.Current.Sequence,
                    "The entry has no event behind it in the event store: the entry was inserted or its event removed.");
            }

            if (!hasStored || expected.Current.Sequence < stored.Current.Sequence)
            {
                return AuditVerification.Broken(count, expected.Current.Sequence,
                    $"Event {expected.Current.EventType} has no audit entry: the entry was removed.");
            }

            var entry = stored.Current;
            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(count, entry.Sequence,
                    $"The entry does not link to the entry before it: it names {entry.PreviousHash} as previous hash, the chain has {previousHash}.");
            }

            if (!string.Equals(AuditChain.HashOf(entry), entry.Hash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(count, entry.Sequence, "The entry's content does not match its hash: the entry was altered.");
            }

            var differences = AuditChain.Differences(expected.Current with { PreviousHash = entry.PreviousHash }, entry);
            if (differences.Count > 0)
            {
                return AuditVerification.Broken(count, entry.Sequence,
                    $"The entry does not match its event in the event store ({string.Join(", ", differences)} differ): the event or the entry was altered.");
            }

            previousHash = entry.Hash;
            count++;
            hasExpected = await expected.MoveNextAsync();
            hasStored = await stored.MoveNextAsync();
        }

        return AuditVerification.Holds(count, previousHash);
    }

    /// <summary>The last event sequence the audit projection has processed (its entries are committed with this mark).</summary>
    private static async Task<long> ProcessedUpToAsync(IDocumentStore store, CancellationToken cancellation)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: cancellation);
        return progress
            .Where(p => p.ShardName.StartsWith(AuditTrailProjection.Name + ":", StringComparison.Ordinal))
            .Select(p => p.Sequence)
            .DefaultIfEmpty(0)
            .Max();
    }

    /// <summary>What each audited event up to <paramref name="upTo"/> says its entry should be, rebuilt from the event store.</summary>
    private static async IAsyncEnumerable<AuditEntry> ExpectedEntriesAsync(
        IQuerySession session, long upTo, [EnumeratorCancellation] CancellationToken cancellation)
    {
        long after = 0;
        while (true)
        {
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after && e.Sequence <= upTo)
                .OrderBy(e => e.Sequence)
                .Take(ChunkSize)
                .ToListAsync(cancellation);
            var audited = page.Where(AuditEntries.IsAudited).ToList();
            var homes = await AuditEntries.AccountHomesAsync(session, audited, cancellation);
            foreach (var e in audited)
            {
                yield return AuditEntries.From(e, homes);
            }

            if (page.Count < ChunkSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }

    private static async IAsyncEnumerable<AuditEntry> StoredEntriesAsync(
        IQuerySession session, long upTo, [EnumeratorCancellation] CancellationToken cancellation)
    {
        long after = 0;
        while (true)
        {
            var page = await session.Query<AuditEntry>()
                .Where(x => x.Sequence > after && x.Sequence <= upTo)
                .OrderBy(x => x.Sequence)
                .Take(ChunkSize)
                .ToListAsync(cancellation);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < ChunkSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }
}

public static class VerifyAuditTrailEndpoint
{
    [WolverineGet("/audit/verify", OperationId = "VerifyAuditTrail")]
    [ProducesResponseType<AuditVerification>(StatusCodes.Status200OK)]
    [Tags("Audit")]
    [EndpointSummary("Recomputes the audit trail's hash chain and compares every entry with its stored event: { verified, entries, head } or the first broken sequence and why. Needs ViewAudit in the Infrastructure tenant.")]
    public static async Task<IResult> Get(HttpContext http, IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(http);
        // The installation's trail: whoever may not verify it is told what it takes (there is nothing to hide
        // about whether the installation exists).
        var refusal = await ReadAccess.RefusalAsync(store, http, CreateInstallation.InfrastructureTenantId, Capability.ViewAudit);
        if (refusal is { Kind: RejectionKind.NotFound })
        {
            refusal = Rejection.Forbidden(RejectionCodes.MissingCapability, "Verifying the audit trail needs the ViewAudit capability in the Infrastructure tenant.");
        }

        return refusal is not null
            ? CommandOutcome.Reject(refusal).ToHttp()
            : Results.Ok(await AuditVerifier.VerifyAsync(store, http.RequestAborted));
    }
}
