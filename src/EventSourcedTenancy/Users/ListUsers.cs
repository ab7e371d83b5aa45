using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
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
    [ProducesResponseType<UserPage>(StatusCodes.Status200OK)]
    [Tags("Users")]
    [EndpointSummary("Lists accounts: ?subtree=true for the tenants below too; role, state (without it, Deleted and Erased accounts are left out), q (name or email), sort (Name, Email, Created, LastActivity), descending, page, pageSize.")]
    public static async Task<IResult> Get(
        Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader,
        bool? subtree, string? role, AccountState? state, string? q, UserSort? sort, bool? descending, int? page, int? pageSize)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        var size = pageSize ?? 50;
        var number = page ?? 1;
        if (QueryProblem(number, size, role) is { } invalid)
        {
            return CommandOutcome.Reject(invalid).ToHttp();
        }

        await using var session = store.LightweightSession();
        var metadata = CommandMetadata.FromHttp(http);
        var (chain, caller) = await loader.CallerInAsync(session, metadata, tenantId, http.RequestAborted);
        if (ReadAccess.Refusal(chain, caller, tenantId, Capability.ViewUsers) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        var tenants = await WithSubtreeHoldingAsync(session, loader, metadata, tenantId, subtree == true, Capability.ViewUsers, http.RequestAborted);

        IQueryable<UserView> query = session.Query<UserView>().Where(u => u.TenantId.IsOneOf(tenants));
        if (!string.IsNullOrWhiteSpace(role))
        {
            query = query.Where(u => u.Role == role);
        }

        // Deleted accounts belong to the recycle bin and erased ones to history: shown only when asked for by state.
        query = state is { } wanted
            ? query.Where(u => u.State == wanted)
            : query.Where(u => u.State != AccountState.Deleted && u.State != AccountState.Erased);

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

    /// <summary>Out of range is refused, never clamped: page from 1, pageSize 1 to <see cref="MaxPageSize"/>, role a role's name.</summary>
    private static Rejection? QueryProblem(int page, int pageSize, string? role) =>
        page < 1 ? Rejection.Invalid(RejectionCodes.InvalidQuery, "'page' is a page number from 1.")
            : pageSize is < 1 or > MaxPageSize ? Rejection.Invalid(RejectionCodes.InvalidQuery, $"'pageSize' is from 1 to {MaxPageSize} (default 50).")
            : role is not null && !IsRoleFilter(role)
                ? Rejection.Invalid(RejectionCodes.InvalidQuery,
                    $"'role' is one of {string.Join(", ", Enum.GetNames<SystemRole>())}, or custom:<role id> for a custom role.")
                : null;

    private static bool IsRoleFilter(string role) =>
        Enum.GetNames<SystemRole>().Contains(role, StringComparer.Ordinal)
        || (role.StartsWith("custom:", StringComparison.Ordinal) && Guid.TryParse(role["custom:".Length..], out var id) && id != Guid.Empty);

    /// <summary>
    /// The tenant (whose capability the caller has already been checked for) and, with <paramref name="subtree"/>,
    /// every live tenant below it where the caller holds <paramref name="capability"/> too.
    /// </summary>
    internal static async Task<List<Guid>> WithSubtreeHoldingAsync(
        IQuerySession session, CommandLoader loader, CommandMetadata metadata, Guid tenantId, bool subtree, Capability capability, CancellationToken cancellation)
    {
        var tenants = new List<Guid> { tenantId };
        foreach (var candidate in subtree ? (await SubtreeAsync(session, tenantId, cancellation)).Skip(1) : [])
        {
            var (_, actor) = await loader.CallerInAsync(session, metadata, candidate, cancellation);
            if (actor.Rejection is null && actor.Context.Has(capability))
            {
                tenants.Add(candidate);
            }
        }

        return tenants;
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
