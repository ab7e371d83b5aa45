using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.AuditStreaming;

/// <summary>An audit stream as its tenant's administrators see it: its configuration and where delivery stands.</summary>
public sealed record AuditStreamStatus(
    Guid Id, string Name, string Url, bool Paused, long LastDeliveredSequence, DateTimeOffset? LastDeliveredAt, long Delivered,
    long Pending, int Failures, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? NextAttemptAt);

public static class AuditStreamQueries
{
    /// <summary>The tenant and every tenant below it.</summary>
    public static async Task<Guid[]> SubtreeAsync(IQuerySession session, Guid tenantId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_tenant";
        var tenants = await session.QueryAsync<Tenant>(
            $"""
            where id in (
              with recursive below(id) as (
                select id from {table} where id = ?
                union
                select t.id from {table} t join below b on t.parent_id = b.id)
              select id from below)
            """, cancellation, tenantId);
        return [.. tenants.Select(t => t.Id)];
    }

    /// <summary>The audit entries of those tenants (their own, and authority exercised there) after a sequence, in order.</summary>
    public static IQueryable<AuditEntry> EntriesAfter(IQuerySession session, Guid[] tenants, long after)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Query<AuditEntry>()
            .Where(e => e.Sequence > after && (e.TenantId.IsOneOf(tenants) || (e.ActorTenantId != null && e.ActorTenantId.Value.IsOneOf(tenants))))
            .OrderBy(e => e.Sequence);
    }

    [WolverineGet("/tenants/{tenantId}/audit-streams", OperationId = "ListAuditStreams")]
    [ProducesResponseType<IReadOnlyList<AuditStreamStatus>>(StatusCodes.Status200OK)]
    [Tags("AuditStreaming")]
    [EndpointSummary("The tenant's audit streams and where each stands: the last delivered sequence and when, entries still to send, the last error and the next try. Needs ConfigureAuditStreaming or ViewAudit.")]
    public static async Task<IResult> List(Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        await using var session = store.QuerySession();
        var (chain, caller) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantId, http.RequestAborted);
        if (ReadAccess.Refusal(chain, caller, tenantId, Capability.ConfigureAuditStreaming, Capability.ViewAudit) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        var streams = chain[^1].AuditStreams;
        var subtree = streams.Count == 0 ? [] : await SubtreeAsync(session, tenantId, http.RequestAborted);
        var statuses = new List<AuditStreamStatus>();
        foreach (var stream in streams)
        {
            var progress = await session.LoadAsync<AuditStreamProgress>(stream.Id, http.RequestAborted) ?? new AuditStreamProgress { Id = stream.Id };
            var pending = await EntriesAfter(session, subtree, progress.LastDeliveredSequence).CountAsync(http.RequestAborted);
            statuses.Add(new AuditStreamStatus(
                stream.Id, stream.Name, stream.Url, stream.Paused, progress.LastDeliveredSequence, progress.LastDeliveredAt, progress.Delivered,
                pending, progress.Failures, progress.LastError, progress.LastErrorAt, progress.NextAttemptAt));
        }

        return Results.Ok(statuses);
    }
}
