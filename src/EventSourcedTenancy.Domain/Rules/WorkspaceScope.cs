using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Seed 002 workspaces (docs/seeds.md): WorkspaceAdmin and WorkspaceAuditor hold only inside their
/// workspace; they are assigned by tenant or workspace administrators, to administrator accounts
/// (tenant administrators, auditors and members), never to user accounts.
/// </summary>
public static class WorkspaceScope
{
    /// <summary>Looked up only once the actor has reach in the tenant (<see cref="Authority.RequireAnywhere"/>).</summary>
    public static Rejection? RequireWorkspace(Tenant tenant, Guid workspaceId) =>
        tenant.FindWorkspace(workspaceId) is null
            ? Rejection.NotFound(RejectionCodes.WorkspaceNotFound, $"This tenant has no workspace {workspaceId}; create it first.")
            : null;

    public static Rejection? RequireWorkspaceRole(SystemRole role) =>
        Enum.IsDefined(role) && SystemRoles.IsWorkspaceRole(role)
            ? null
            : Rejection.Invalid(RejectionCodes.InvalidRole, $"{role} is not a workspace role; choose WorkspaceAdmin or WorkspaceAuditor.");

    public static Rejection? RequireAdministratorAccount(Account account) =>
        account.Kind == AccountKind.Administrator
            ? null
            : Rejection.Conflict(
                RejectionCodes.UserAccountRole,
                "Workspace roles are for administrator accounts; a user account has service access only. Invite the person as an administrator.");
}
