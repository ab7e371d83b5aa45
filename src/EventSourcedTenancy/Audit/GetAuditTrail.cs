using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Audit;

/// <summary>A page of the audit trail; pass <paramref name="Next"/> as <c>after</c> for the next page (null: no more).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? Next);

public static class GetAuditTrailEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    [WolverineGet("/tenants/{tenantId}/audit", OperationId = "GetAuditTrail")]
    [ProducesResponseType<AuditPage>(StatusCodes.Status200OK)]
    [Tags("Audit")]
    [EndpointSummary("The tenant's audit trail in the order events were stored, filtered by actor, actingAs, target, operation and time (from inclusive, to exclusive); paged by `after` (the last sequence seen) and `limit` (default 100, at most 1000). Needs ViewAudit in the tenant.")]
    public static async Task<IResult> Get(
        Guid tenantId, Guid? actor, Guid? actingAs, Guid? target, string? operation, DateTimeOffset? from, DateTimeOffset? to,
        long? after, int? limit, HttpContext http, IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        var filter = new AuditFilter(tenantId, actor, actingAs, target, operation, from, to);
        var size = limit ?? DefaultLimit;
        var invalid = AuditFilter.Unparsed(http, ("actor", actor), ("actingAs", actingAs), ("target", target), ("from", from), ("to", to), ("after", after), ("limit", limit))
            ?? (size is < 1 or > MaxLimit
                ? Rejection.Invalid(RejectionCodes.InvalidLimit, $"'limit' is between 1 and {MaxLimit} (default {DefaultLimit}); page on with 'after'.")
                : after is < 0
                    ? Rejection.Invalid(RejectionCodes.InvalidQuery, "'after' is the last sequence seen, a whole number from 0 (leave it out for the first page).")
                    : filter.Problem());
        var refusal = invalid ?? await ReadAccess.RefusalAsync(store, http, tenantId, Capability.ViewAudit);
        if (refusal is not null)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        await using var session = store.QuerySession();
        var entries = await filter.PageAsync(session, after ?? 0, size, http.RequestAborted);
        return Results.Ok(new AuditPage(entries, entries.Count == size ? entries[^1].Sequence : null));
    }
}
