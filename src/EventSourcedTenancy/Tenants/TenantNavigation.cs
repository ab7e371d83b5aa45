using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

/// <summary>A tenant below another, as a caller walking the hierarchy sees it.</summary>
public sealed record ChildTenant(Guid Id, string Name, TenantKind Kind, ManagementMode? ManagementMode, bool AncestorAccessRestricted);

/// <summary>A tenant of a subtree, breadth first: its parent and its depth below the tenant asked about (children are 1).</summary>
public sealed record SubtreeTenant(Guid Id, Guid ParentId, int Depth, string Name, TenantKind Kind, ManagementMode? ManagementMode, bool AncestorAccessRestricted);

/// <summary>A page of a subtree; <see cref="Next"/> is the next page's number, null on the last.</summary>
public sealed record SubtreePage(IReadOnlyList<SubtreeTenant> Items, int Page, int PageSize, int? Next);

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

    public const int MaxSubtreeDepth = 10;
    public const int MaxSubtreePageSize = 500;

    /// <summary>How far into a subtree paging reaches: each tenant's reach is resolved on its own.</summary>
    public const int MaxSubtreeTenants = 2_000;

    [WolverineGet("/tenants/{tenantId}/subtree", OperationId = "ListSubtree")]
    [ProducesResponseType<SubtreePage>(StatusCodes.Status200OK)]
    [Tags("Tenants")]
    [EndpointSummary("The live tenants below this one that the caller's authority reaches, breadth first and by name within a level, down to ?depth= levels (1 to 10, default 3), paged by ?page= (from 1) and ?pageSize= (1 to 500, default 100) through its first 2,000 tenants. A tenant the caller does not reach is left out with everything below it.")]
    public static async Task<IResult> Subtree(Guid tenantId, int? depth, int? page, int? pageSize, HttpContext http, IDocumentStore store, CommandLoader loader)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        var levels = depth ?? 3;
        var number = page ?? 1;
        var size = pageSize ?? 100;
        var invalid = levels is < 1 or > MaxSubtreeDepth ? $"'depth' is from 1 to {MaxSubtreeDepth} (default 3)."
            : number < 1 ? "'page' is a page number from 1."
            : size is < 1 or > MaxSubtreePageSize ? $"'pageSize' is from 1 to {MaxSubtreePageSize} (default 100)."
            : (long)number * size > MaxSubtreeTenants ? $"A subtree is paged through its first {MaxSubtreeTenants:N0} tenants (page × pageSize); walk further from a tenant deeper down."
            : null;
        if (invalid is not null)
        {
            return CommandOutcome.Reject(Rejection.Invalid(RejectionCodes.InvalidQuery, invalid)).ToHttp();
        }

        await using var session = store.QuerySession();
        var metadata = CommandMetadata.FromHttp(http);
        var (chain, caller) = await loader.CallerInAsync(session, metadata, tenantId, http.RequestAborted);
        if (ReadAccess.Unreached(chain, caller, tenantId) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        // Breadth first, one query per level; each tenant's reach is resolved as for a command there. Only what
        // the page needs (and one more, to know there is a next page) is resolved.
        var wanted = (number * size) + 1;
        var found = new List<SubtreeTenant>();
        var parents = new List<Guid> { tenantId };
        for (var level = 1; level <= levels && parents.Count > 0 && found.Count < wanted; level++)
        {
            Guid?[] ids = [.. parents.Select(id => (Guid?)id)];
            var next = new List<Guid>();
            foreach (var child in await session.Query<Tenant>().Where(t => t.ParentId.IsOneOf(ids) && !t.IsDeleted).OrderBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(http.RequestAborted))
            {
                var (_, there) = await loader.CallerInAsync(session, metadata, child.Id, http.RequestAborted);
                if (there.Rejection is null && there.Context.Capabilities.Count > 0)
                {
                    found.Add(new SubtreeTenant(child.Id, child.ParentId!.Value, level, child.Name, child.Kind, child.ManagementMode, child.AncestorAccessRestricted));
                    next.Add(child.Id);
                    if (found.Count >= wanted)
                    {
                        break;
                    }
                }
            }

            parents = next;
        }

        var items = found.Skip((number - 1) * size).Take(size).ToList();
        return Results.Ok(new SubtreePage(items, number, size, found.Count > number * size ? number + 1 : null));
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
