using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

/// <summary>A tenant below another, as a caller walking the hierarchy sees it.</summary>
public sealed record ChildTenant(Guid Id, string Name, TenantKind Kind, ManagementMode? ManagementMode, bool AncestorAccessRestricted);

/// <summary>What the caller may do in a tenant: its effective role, where the authority comes from, its capabilities.</summary>
public sealed record CallerAuthority(
    Guid AccountId, Guid? ActingAsAccountId, Guid TenantId, string? Role, AuthoritySource Source,
    IReadOnlyList<Capability> Capabilities, IReadOnlyDictionary<Guid, IReadOnlyList<Capability>> WorkspaceCapabilities);

/// <summary>
/// Walking the hierarchy and asking "what may I do here", so a client can show only what will be accepted.
/// A caller with no authority in the tenant is answered as for an unknown tenant.
/// </summary>
public static class TenantNavigationEndpoints
{
    [WolverineGet("/tenants/{tenantId}/children", OperationId = "ListChildTenants")]
    [ProducesResponseType<IReadOnlyList<ChildTenant>>(StatusCodes.Status200OK)]
    [Tags("Tenants")]
    [EndpointSummary("The live tenants directly below this one that the caller's authority reaches (not those that restricted ancestor access or manage themselves), by name.")]
    public static async Task<IResult> Children(Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        await using var session = store.QuerySession();
        var metadata = CommandMetadata.FromHttp(http);
        var (chain, caller) = await loader.CallerInAsync(session, metadata, tenantId, http.RequestAborted);
        if (ReadAccess.Unreached(chain, caller, tenantId) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        var children = new List<ChildTenant>();
        foreach (var child in await session.Query<Tenant>().Where(t => t.ParentId == tenantId && !t.IsDeleted).OrderBy(t => t.Name).ToListAsync(http.RequestAborted))
        {
            var (_, there) = await loader.CallerInAsync(session, metadata, child.Id, http.RequestAborted);
            if (there.Rejection is null && there.Context.Capabilities.Count > 0)
            {
                children.Add(new ChildTenant(child.Id, child.Name, child.Kind, child.ManagementMode, child.AncestorAccessRestricted));
            }
        }

        return Results.Ok(children);
    }

    [WolverineGet("/tenants/{tenantId}/me", OperationId = "CallerAuthority")]
    [ProducesResponseType<CallerAuthority>(StatusCodes.Status200OK)]
    [Tags("Tenants")]
    [EndpointSummary("What the caller may do in this tenant now: its effective role, where the authority comes from (home, inherited, privilege, impersonation) and its capabilities, tenant-wide and per workspace.")]
    public static async Task<IResult> Me(Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        await using var session = store.QuerySession();
        var (chain, caller) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantId, http.RequestAborted);
        if (ReadAccess.Unreached(chain, caller, tenantId) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        var actor = caller.Context;
        return Results.Ok(new CallerAuthority(
            actor.AccountId, actor.ActingAsAccountId, tenantId, actor.EffectiveRole?.ToString(), actor.Source,
            [.. actor.Capabilities.Order()],
            actor.WorkspaceCapabilities.ToDictionary(w => w.Key, w => (IReadOnlyList<Capability>)[.. w.Value.Order()])));
    }
}
