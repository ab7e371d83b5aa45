using EventSourcedTenancy.Accounts;

namespace EventSourcedTenancy.Users;

/// <summary>
/// One row per account, as administrators list them: tenant, kind, role, state, workspaces, when it was
/// created and last changed. Written in the same transaction as the account's events (read your own writes).
/// </summary>
public sealed record UserView
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public AccountKind Kind { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }

    /// <summary>The tenant role: a system role's name, or "custom:{id}".</summary>
    public string Role { get; init; } = string.Empty;

    public AccountState State { get; init; }
    public IReadOnlyList<Guid> Workspaces { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastActivityAt { get; init; }

    /// <summary>Lower-cased name and email, for text search.</summary>
    public string SearchText { get; init; } = string.Empty;

    /// <summary>The account stream's version this row reflects.</summary>
    public long Version { get; init; }

    /// <summary>The folded account this row is read from; the next event folds onto it.</summary>
    public Account? Account { get; init; }

    public static UserView From(Account account, DateTimeOffset createdAt, DateTimeOffset lastActivityAt, long version)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new UserView
        {
            Id = account.Id,
            TenantId = account.TenantId,
            Kind = account.Kind,
            Email = account.Email,
            FirstName = account.FirstName,
            LastName = account.LastName,
            Role = account.Role.IsCustom ? $"custom:{account.Role.CustomRoleId}" : account.Role.Role?.ToString() ?? string.Empty,
            State = account.State,
            Workspaces = [.. account.WorkspaceRoles.Select(w => w.WorkspaceId)],
            CreatedAt = createdAt,
            LastActivityAt = lastActivityAt,
            SearchText = string.Join(' ', new[] { account.FirstName, account.LastName, account.Email }.Where(s => s is not null)).ToLowerInvariant(),
            Version = version,
            Account = account,
        };
    }
}
