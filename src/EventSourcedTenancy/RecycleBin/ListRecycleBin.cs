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
    /// <summary>Soft-deleted accounts of the tenant, and deleted tenants below it, newest first.</summary>
    [WolverineGet("/tenants/{tenantId}/recycle-bin", OperationId = "ListRecycleBin")]
    [ProducesResponseType<IReadOnlyList<RecycleBinEntry>>(StatusCodes.Status200OK)]
    [Tags("Recycle bin")]
    [EndpointSummary("Soft-deleted accounts of the tenant and deleted child tenants: who deleted them, when, why, and until when an account can be restored (restore: POST /accounts/{id}/restore; purge: POST /accounts/{id}/erase).")]
    public static async Task<IResult> Get(Guid tenantId, HttpContext http, IDocumentStore store, TimeProvider clock, RecycleBinSettings settings)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        if (await ReadAccess.RefusalAsync(store, http, tenantId, Capability.ViewUsers) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        // Deleted child tenants only where an ancestor's authority reaches, exactly as for writes: a child that
        // restricted ancestor access or manages itself is not listed to its ancestors.
        var children = await session.Query<Tenant>()
            .Where(t => t.ParentId == tenantId && !t.AncestorAccessRestricted && (t.ManagementMode == null || t.ManagementMode != ManagementMode.SelfManaged))
            .Select(t => t.Id)
            .ToListAsync(http.RequestAborted);
        var items = await session.Query<RecycleBinItem>()
            .Where(i => (i.Kind == RecycleBinKind.Account && i.TenantId == tenantId) || (i.Kind == RecycleBinKind.Tenant && i.TenantId.IsOneOf(children.ToArray())))
            .OrderByDescending(i => i.DeletedAt)
            .ToListAsync(http.RequestAborted);

        return Results.Ok(items.Select(i =>
        {
            var until = i.Kind == RecycleBinKind.Account ? settings.RestorableUntil(i.DeletedAt) : (DateTimeOffset?)null;
            var restorable = until is { } limit && now <= limit;
            return new RecycleBinEntry(
                i.Id, i.Kind, i.TenantId, i.DisplayName, i.DeletedAt, i.DeletedBy, i.Reason, until, restorable,
                restorable ? $"/accounts/{i.Id}/restore" : null,
                i.Kind == RecycleBinKind.Account ? $"/accounts/{i.Id}/erase" : null);
        }).ToList());
    }
}
