using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>What every command on an existing account checks first: a live home tenant, an actor resolved there.</summary>
internal static class AccountPreconditions
{
    public static Rejection? Check(Tenant tenant, Account account, Guid commandAccountId, ActorContext actor) =>
        (account.Id == commandAccountId && account.TenantId == tenant.Id
            ? null
            : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the account the command names and its home tenant."))
        ?? TenantLifecycle.MustBeLive(tenant)
        ?? Authority.ActsIn(actor, tenant);

    /// <summary>A role reference must name exactly one of a system role or a custom role.</summary>
    public static Rejection? WellFormed(RoleRef? role) =>
        role is null || (role.Role is { } system ? role.CustomRoleId is null && Enum.IsDefined(system) : role.CustomRoleId is not null)
            ? null
            : Rejection.Invalid(RejectionCodes.InvalidRole, "A role names either a system role or a custom role, not both or neither.");

    /// <summary>Looked up only once the actor's authority for the command is settled.</summary>
    public static Rejection? CustomRoleExists(Tenant tenant, RoleRef? role) =>
        role?.CustomRoleId is { } id && tenant.FindCustomRole(id) is null
            ? Rejection.NotFound(RejectionCodes.CustomRoleNotFound, $"This tenant has no custom role {id}; define it first.")
            : null;

    public static Rejection? NotAWorkspaceRole(RoleRef? role) =>
        role?.Role is { } system && SystemRoles.IsWorkspaceRole(system)
            ? Rejection.Invalid(RejectionCodes.InvalidRole, $"{system} is a workspace role; assign it per workspace, and pick a tenant role here.")
            : null;
}

/// <summary>
/// What granting and revoking a function privilege both check, up to and including the actor's reach over
/// the account; the account's state (<see cref="Lifecycle"/>) comes after a grant's no-escalation check.
/// </summary>
internal static class FunctionPrivilegeChecks
{
    public static Rejection? Lifecycle(Account account) => AccountLifecycle.Check(account, AccountTransition.ChangeFunctionPrivileges);

    public static Rejection? Common(
        IReadOnlyList<Tenant> chain, Account account, Guid commandAccountId, Guid commandTenantId, FunctionPrivilege privilege, ActorContext actor)
    {
        var tenant = chain[^1];
        var home = chain.FirstOrDefault(t => t.Id == account.TenantId);
        return (account.Id == commandAccountId && tenant.Id == commandTenantId
                ? null
                : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the account and the tenant chain the command names."))
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.GrantFunctionPrivileges, "grant or revoke function privileges")
            ?? FunctionPrivilegeScope.Check(account, chain, privilege)
            // Granting yourself what you hold changes nothing about your reach; anyone else's account must be within it.
            ?? (account.Id == actor.EffectiveAccountId || home is null ? null : TargetAccountReach.Check(actor, home, account));
    }
}
