using EventSourcedTenancy.Authorization;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 001 (docs/seeds.md): administrators have management-portal access; users have service access
/// only.
/// </summary>
public enum AccountKind
{
    Administrator,
    User,
}

/// <summary>
/// docs/product.md: Invited → Active ⇄ Inactive; Active/Inactive → Deleted → restored, or → Erased.
/// </summary>
public enum AccountState
{
    Invited,
    Active,
    Inactive,
    Deleted,
    Erased,
}

/// <summary>A role that holds only inside one workspace (WorkspaceAdmin or WorkspaceAuditor).</summary>
public sealed record WorkspaceRoleAssignment(Guid WorkspaceId, SystemRole Role);

// ---- Events of the account stream (stream id = account id). ----

/// <summary>An administrator was invited; the invitation is valid until <paramref name="ExpiresAt"/>.</summary>
public sealed record AdminInvited(
    Guid AccountId,
    Guid TenantId,
    string Email,
    string FirstName,
    string LastName,
    RoleRef Role,
    Guid? WorkspaceId,
    SystemRole? WorkspaceRole,
    DateTimeOffset ExpiresAt);

/// <summary>An administrator account created already active: a new tenant's first Owner, or the installation's superuser.</summary>
public sealed record AdminCreated(Guid AccountId, Guid TenantId, string Email, string FirstName, string LastName, RoleRef Role);

public sealed record InvitationResent(Guid AccountId, DateTimeOffset ExpiresAt);

public sealed record InvitationAccepted(Guid AccountId);

/// <summary>A (standard tenant) user account was created; users hold the User role only.</summary>
public sealed record UserCreated(Guid AccountId, Guid TenantId, string Email, string FirstName, string LastName);

public sealed record RoleChanged(Guid AccountId, RoleRef From, RoleRef To);

public sealed record PromotedToOwner(Guid AccountId, RoleRef From);

public sealed record AccountSetInactive(Guid AccountId, string? Reason);

public sealed record AccountReactivated(Guid AccountId);

/// <summary>Soft delete: recoverable, history kept. Remembers the state to restore.</summary>
public sealed record AccountSetDeleted(Guid AccountId, AccountState PreviousState, string? Reason);

public sealed record AccountRestored(Guid AccountId, AccountState RestoredTo);

/// <summary>
/// Permanent (GDPR) deletion. The store must also remove the personal data carried by this account's
/// earlier events (<see cref="AdminInvited"/>, <see cref="AdminCreated"/>, <see cref="UserCreated"/>).
/// </summary>
public sealed record AccountErased(Guid AccountId, string? Reason);

/// <summary>Published for the identity provider to act on: this service stores no passwords.</summary>
public sealed record PasswordResetRequested(Guid AccountId);

/// <summary>Published for the identity provider to act on: this service stores no MFA secrets.</summary>
public sealed record MfaResetForced(Guid AccountId);

/// <summary>
/// Seed 004: the account read something while acting as <paramref name="ActingAsAccountId"/> in an
/// impersonation session (for example "GET /tenants/.../users"); kept on the reader's own stream, so its
/// home tenant's audit trail shows what was looked at under the superuser's identity.
/// </summary>
public sealed record ReadWhileImpersonating(Guid AccountId, Guid ActingAsAccountId, string Request);

public sealed record WorkspaceRoleAssigned(Guid AccountId, Guid WorkspaceId, SystemRole Role);

public sealed record WorkspaceRoleRemoved(Guid AccountId, Guid WorkspaceId, SystemRole Role);

/// <summary>A seed 004 function privilege, held in <paramref name="TenantId"/> (home or a descendant tenant).</summary>
public sealed record FunctionPrivilegeGranted(Guid AccountId, Guid TenantId, FunctionPrivilege Privilege);

public sealed record FunctionPrivilegeRevoked(Guid AccountId, Guid TenantId, FunctionPrivilege Privilege);

/// <summary>An administrator or user account. It belongs to one home tenant.</summary>
public sealed record Account(
    Guid Id,
    Guid TenantId,
    AccountKind Kind,
    string? Email,
    string? FirstName,
    string? LastName,
    RoleRef Role,
    AccountState State,
    AccountState? StateBeforeDeletion,
    DateTimeOffset? InvitationExpiresAt,
    IReadOnlyList<WorkspaceRoleAssignment> WorkspaceRoles,
    IReadOnlyList<FunctionPrivilegeGrant> FunctionPrivileges)
{
    /// <summary>Every event of an account stream: what the event store feeds to <see cref="Fold(Account?, object)"/>.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(AdminInvited), typeof(AdminCreated), typeof(UserCreated), typeof(InvitationResent), typeof(InvitationAccepted),
        typeof(RoleChanged), typeof(PromotedToOwner), typeof(AccountSetInactive), typeof(AccountReactivated),
        typeof(AccountSetDeleted), typeof(AccountRestored), typeof(AccountErased), typeof(PasswordResetRequested),
        typeof(MfaResetForced), typeof(WorkspaceRoleAssigned), typeof(WorkspaceRoleRemoved),
        typeof(FunctionPrivilegeGranted), typeof(FunctionPrivilegeRevoked), typeof(ReadWhileImpersonating),
    ];

    /// <summary>An active Owner counts toward the tenant's at-least-one-Owner rule.</summary>
    public bool IsActiveOwner => Role.IsOwner && State == AccountState.Active;

    public string DisplayName => Email is null ? $"account {Id}" : $"{FirstName} {LastName} <{Email}>";

    public bool HoldsPrivilege(Guid tenantId, FunctionPrivilege privilege) =>
        FunctionPrivileges.Contains(new FunctionPrivilegeGrant(tenantId, privilege));

    public SystemRole? WorkspaceRoleIn(Guid workspaceId) =>
        WorkspaceRoles.FirstOrDefault(w => w.WorkspaceId == workspaceId)?.Role;

    private static Account Start(AdminInvited e)
    {
        var invited = new Account(
            e.AccountId, e.TenantId, AccountKind.Administrator, e.Email, e.FirstName, e.LastName, e.Role,
            AccountState.Invited, null, e.ExpiresAt, [], []);
        return e is { WorkspaceId: { } workspace, WorkspaceRole: { } role }
            ? invited with { WorkspaceRoles = [new WorkspaceRoleAssignment(workspace, role)] }
            : invited;
    }

    private static Account Start(AdminCreated e) => new(
        e.AccountId, e.TenantId, AccountKind.Administrator, e.Email, e.FirstName, e.LastName, e.Role,
        AccountState.Active, null, null, [], []);

    private static Account Start(UserCreated e) => new(
        e.AccountId, e.TenantId, AccountKind.User, e.Email, e.FirstName, e.LastName, RoleRef.Of(SystemRole.User),
        AccountState.Active, null, null, [], []);

    private Account When(InvitationResent e) => this with { InvitationExpiresAt = e.ExpiresAt };

    private Account When(InvitationAccepted e) => this with { State = AccountState.Active, InvitationExpiresAt = null };

    private Account When(RoleChanged e) => this with { Role = e.To };

    private Account When(PromotedToOwner e) => this with { Role = RoleRef.Of(SystemRole.Owner) };

    private Account When(AccountSetInactive e) => this with { State = AccountState.Inactive };

    private Account When(AccountReactivated e) => this with { State = AccountState.Active };

    private Account When(AccountSetDeleted e) => this with { State = AccountState.Deleted, StateBeforeDeletion = e.PreviousState };

    private Account When(AccountRestored e) => this with { State = e.RestoredTo, StateBeforeDeletion = null };

    /// <summary>Personal data is gone; the skeleton (id, tenant, kind) stays for the audit trail.</summary>
    private Account When(AccountErased e) => this with
    {
        State = AccountState.Erased,
        Email = null,
        FirstName = null,
        LastName = null,
        StateBeforeDeletion = null,
        InvitationExpiresAt = null,
        WorkspaceRoles = [],
        FunctionPrivileges = [],
    };

    private Account When(PasswordResetRequested e) => this;

    private Account When(MfaResetForced e) => this;

    private Account When(WorkspaceRoleAssigned e) => this with
    {
        WorkspaceRoles = [.. WorkspaceRoles.Where(w => w.WorkspaceId != e.WorkspaceId), new WorkspaceRoleAssignment(e.WorkspaceId, e.Role)],
    };

    private Account When(WorkspaceRoleRemoved e) => this with
    {
        WorkspaceRoles = [.. WorkspaceRoles.Where(w => w.WorkspaceId != e.WorkspaceId)],
    };

    private Account When(FunctionPrivilegeGranted e) => this with
    {
        FunctionPrivileges = [.. FunctionPrivileges.Where(p => p != new FunctionPrivilegeGrant(e.TenantId, e.Privilege)), new FunctionPrivilegeGrant(e.TenantId, e.Privilege)],
    };

    private Account When(FunctionPrivilegeRevoked e) => this with
    {
        FunctionPrivileges = [.. FunctionPrivileges.Where(p => p != new FunctionPrivilegeGrant(e.TenantId, e.Privilege))],
    };

    /// <summary>Folds one event; the first must create the account. Unknown events leave the state as is.</summary>
    public static Account Fold(Account? state, object @event) => (state, @event) switch
    {
        (null, AdminInvited e) => Start(e),
        (null, AdminCreated e) => Start(e),
        (null, UserCreated e) => Start(e),
        (null, _) => throw new InvalidOperationException($"An account stream starts with its creation, not {@event.GetType().Name}."),
        (_, InvitationResent e) => state.When(e),
        (_, InvitationAccepted e) => state.When(e),
        (_, RoleChanged e) => state.When(e),
        (_, PromotedToOwner e) => state.When(e),
        (_, AccountSetInactive e) => state.When(e),
        (_, AccountReactivated e) => state.When(e),
        (_, AccountSetDeleted e) => state.When(e),
        (_, AccountRestored e) => state.When(e),
        (_, AccountErased e) => state.When(e),
        (_, PasswordResetRequested e) => state.When(e),
        (_, MfaResetForced e) => state.When(e),
        (_, WorkspaceRoleAssigned e) => state.When(e),
        (_, WorkspaceRoleRemoved e) => state.When(e),
        (_, FunctionPrivilegeGranted e) => state.When(e),
        (_, FunctionPrivilegeRevoked e) => state.When(e),
        _ => state,
    };

    public static Account Fold(IEnumerable<object> events) =>
        events.Aggregate((Account?)null, Fold) ?? throw new InvalidOperationException("An account needs at least one event.");
}
