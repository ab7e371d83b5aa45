using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.RecycleBin;

public sealed record RecycleBinEntry(
    Guid Id, RecycleBinKind Kind, Guid TenantId, string DisplayName, DateTimeOffset DeletedAt, Guid? DeletedBy, string? Reason,
    DateTimeOffset? RestorableUntil, bool Restorable, string? Restore, string? Purge);

public static class ListRecycleBinEndpoint
{
    /// <summary>Soft-deleted accounts and deleted applications of the tenant, and deleted tenants below it, newest first.</summary>
    [WolverineGet("/tenants/{tenantId}/recycle-bin", OperationId = "ListRecycleBin")]
    [ProducesResponseType<IReadOnlyList<RecycleBinEntry>>(StatusCodes.Status200OK)]
    [Tags("Recycle bin")]
    [EndpointSummary("Soft-deleted accounts of the tenant, its deleted applications (for callers who may view applications) and deleted child tenants: who deleted them, when, why, and until when an account or application can be restored (POST /accounts/{id}/restore, /applications/{id}/restore; purge an account: POST /accounts/{id}/erase).")]
    public static async Task<IResult> Get(Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader, TimeProvider clock, RecycleBinSettings settings)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(settings);
        await using var session = store.LightweightSession();
        var (chain, caller) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantId, http.RequestAborted);
        if (ReadAccess.Refusal(chain, caller, tenantId, Capability.ViewUsers) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        var applications = caller.Context.Has(Capability.ViewApplications);
        var now = clock.GetUtcNow();
        // Deleted child tenants only where an ancestor's authority reaches, exactly as for writes: a child that
        // restricted ancestor access or manages itself is not listed to its ancestors.
        var children = await session.Query<Tenant>()
            .Where(t => t.ParentId == tenantId && !t.AncestorAccessRestricted && (t.ManagementMode == null || t.ManagementMode != ManagementMode.SelfManaged))
            .Select(t => t.Id)
            .ToListAsync(http.RequestAborted);
        var items = await session.Query<RecycleBinItem>()
            .Where(i => (i.Kind == RecycleBinKind.Account && i.TenantId == tenantId)
                || (applications && i.Kind == RecycleBinKind.Application && i.TenantId == tenantId)
                || (i.Kind == RecycleBinKind.Tenant && i.TenantId.IsOneOf(children.ToArray())))
            .OrderByDescending(i => i.DeletedAt)
            .ToListAsync(http.RequestAborted);

        return Results.Ok(items.Select(i =>
        {
            var until = i.Kind != RecycleBinKind.Tenant ? settings.RestorableUntil(i.DeletedAt) : (DateTimeOffset?)null;
            var restorable = until is { } limit && now <= limit;
            return new RecycleBinEntry(
                i.Id, i.Kind, i.TenantId, i.DisplayName, i.DeletedAt, i.DeletedBy, i.Reason, until, restorable,
                !restorable ? null : i.Kind == RecycleBinKind.Application ? $"/applications/{i.Id}/restore" : $"/accounts/{i.Id}/restore",
                i.Kind == RecycleBinKind.Account ? $"/accounts/{i.Id}/erase" : null);
        }).ToList());
    }
}
