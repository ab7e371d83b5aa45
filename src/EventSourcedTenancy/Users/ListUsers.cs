using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using Marten;
using Marten.Pagination;
using Wolverine.Http;

namespace EventSourcedTenancy.Users;

/// <summary>A row of the user list.</summary>
public sealed record UserListItem(
    Guid Id, Guid TenantId, AccountKind Kind, string? Email, string? FirstName, string? LastName, string Role,
    AccountState State, IReadOnlyList<Guid> Workspaces, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, long Version)
{
    public static UserListItem From(UserView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Id, view.TenantId, view.Kind, view.Email, view.FirstName, view.LastName, view.Role, view.State,
            view.Workspaces, view.CreatedAt, view.LastActivityAt, view.Version);
    }
}

public sealed record UserPage(IReadOnlyList<UserListItem> Items, int Page, int PageSize, long Total, IReadOnlyList<Guid> Tenants);

public enum UserSort
{
    Name,
    Email,
    Created,
    LastActivity,
}

public static class ListUsersEndpoint
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// Lists the accounts of a tenant, or of its whole subtree (only the tenants where the caller may view
    /// users), filtered by role, state and text, sorted and paged.
    /// </summary>
    [WolverineGet("/tenants/{tenantId}/users", OperationId = "ListUsers")]
    [Tags("Users")]
    [EndpointSummary("Lists accounts: ?subtree=true for the tenants below too; role, state, q (name or email), sort (Name, Email, Created, LastActivity), descending, page, pageSize.")]
    public static async Task<IResult> Get(
        Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader,
        bool? subtree, string? role, AccountState? state, string? q, UserSort? sort, bool? descending, int? page, int? pageSize)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        var number = Math.Max(page ?? 1, 1);

        await using var session = store.LightweightSession();
        var metadata = CommandMetadata.FromHttp(http);
        if (await session.LoadAsync<Tenant>(tenantId, http.RequestAborted) is null)
        {
            return CommandOutcome.Reject(Missing.Tenant(tenantId)).ToHttp();
        }

        var tenants = new List<Guid>();
        foreach (var candidate in subtree == true ? await SubtreeAsync(session, tenantId, http.RequestAborted) : [tenantId])
        {
            var (_, actor) = await loader.CallerInAsync(session, metadata, candidate, http.RequestAborted);
            if (actor.Rejection is null && actor.Context.Has(Capability.ViewUsers))
            {
                tenants.Add(candidate);
            }
        }

        if (!tenants.Contains(tenantId))
        {
            return CommandOutcome.Reject(Rejection.Forbidden(
                "missing_capability", "You need the ViewUsers capability in this tenant to list its accounts; ask an administrator who holds it.")).ToHttp();
        }

        IQueryable<UserView> query = session.Query<UserView>().Where(u => u.TenantId.IsOneOf(tenants));
        if (!string.IsNullOrWhiteSpace(role))
        {
            query = query.Where(u => u.Role == role);
        }

        if (state is { } wanted)
        {
            query = query.Where(u => u.State == wanted);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToLowerInvariant();
            query = query.Where(u => u.SearchText.Contains(text));
        }

        query = (sort ?? UserSort.Name, descending == true) switch
        {
            (UserSort.Email, false) => query.OrderBy(u => u.Email).ThenBy(u => u.Id),
            (UserSort.Email, true) => query.OrderByDescending(u => u.Email).ThenBy(u => u.Id),
            (UserSort.Created, false) => query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id),
            (UserSort.Created, true) => query.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id),
            (UserSort.LastActivity, false) => query.OrderBy(u => u.LastActivityAt).ThenBy(u => u.Id),
            (UserSort.LastActivity, true) => query.OrderByDescending(u => u.LastActivityAt).ThenBy(u => u.Id),
            (_, false) => query.OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ThenBy(u => u.Id),
            (_, true) => query.OrderByDescending(u => u.LastName).ThenByDescending(u => u.FirstName).ThenBy(u => u.Id),
        };

        var results = await query.ToPagedListAsync(number, size, http.RequestAborted);
        return Results.Ok(new UserPage([.. results.Select(UserListItem.From)], number, size, results.TotalItemCount, tenants));
    }

    /// <summary>The tenant and every live tenant below it, breadth first.</summary>
    internal static async Task<IReadOnlyList<Guid>> SubtreeAsync(IQuerySession session, Guid root, CancellationToken cancellation)
    {
        var all = new List<Guid> { root };
        var frontier = new List<Guid> { root };
        while (frontier.Count > 0 && all.Count < 10_000)
        {
            var parents = frontier;
            frontier = [.. await session.Query<Tenant>()
                .Where(t => t.ParentId != null && t.ParentId.Value.IsOneOf(parents) && !t.IsDeleted)
                .Select(t => t.Id)
                .ToListAsync(cancellation)];
            all.AddRange(frontier);
        }

        return all;
    }
}
