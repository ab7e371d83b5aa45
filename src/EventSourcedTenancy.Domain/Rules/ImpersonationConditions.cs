using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Seed 004 (docs/seeds.md), "What privileges and settings does an authorized user require?": an account
/// may act as the superuser in an operational tenant only when every one of these holds. Each failing
/// condition has its own message. The actor's own authority comes first (an infrastructure account,
/// Active, holding Impersonation), then its reach into the target: seed 001's rule that a tenant that
/// shuts out its ancestors shuts out the superuser too. Only then are the target's and the superuser's
/// settings looked at, so an actor without reach learns nothing about them, and the refusals it can get
/// do not name the tenant.
/// </summary>
public static class ImpersonationConditions
{
    /// <param name="actor">The real actor.</param>
    /// <param name="superuser">The identity to act as.</param>
    /// <param name="chain">The tenants from the Infrastructure root down to the operational target tenant.</param>
    public static Rejection? Check(Account actor, Account superuser, IReadOnlyList<Tenant> chain)
    {
        var infrastructure = chain[0];
        var target = chain[^1];
        if (infrastructure.Kind != TenantKind.Infrastructure || infrastructure.ParentId is not null)
        {
            return Rejection.Invalid(RejectionCodes.InvalidTenantKind, "Pass the tenants from the Infrastructure root down to the target tenant.");
        }

        if (TenantLifecycle.MustBeLive(target) is { } deleted)
        {
            return deleted;
        }

        if (actor.TenantId != infrastructure.Id)
        {
            return Denied("Only accounts created in the Infrastructure tenant can impersonate the superuser; ask for an infrastructure account.");
        }

        if (actor.State != AccountState.Active)
        {
            return Denied($"Your account is {actor.State}; only an Active account can impersonate.");
        }

        if (!actor.HoldsPrivilege(infrastructure.Id, FunctionPrivilege.Impersonation))
        {
            return Denied("You need the Impersonation function privilege in the Infrastructure tenant; ask the superuser to grant it.");
        }

        if (target.Kind == TenantKind.Infrastructure)
        {
            return Rejection.Conflict(RejectionCodes.InfrastructureTenant, "Impersonation acts in operational tenants; in the Infrastructure tenant act as yourself.");
        }

        if (!AncestorAccess.PathAllows(chain.Skip(1)))
        {
            return Denied("The tenant (or a tenant above it) does not allow administration from ancestor tenants.");
        }

        if (superuser.TenantId != infrastructure.Id || superuser.State != AccountState.Active)
        {
            return Denied("The identity to act as must be an Active account of the Infrastructure tenant (the superuser).");
        }

        if (!target.ImpersonationTargets.Contains(superuser.Id))
        {
            return Denied($"The superuser is not defined as an impersonation target in '{target.Name}'; define it there first.");
        }

        var missingInInfrastructure = FunctionPrivileges.RequiredOfSuperuserInInfrastructure
            .Where(p => !superuser.HoldsPrivilege(infrastructure.Id, p)).ToList();
        if (missingInInfrastructure.Count > 0)
        {
            return Denied($"The superuser lacks {string.Join(", ", missingInInfrastructure)} in the Infrastructure tenant; grant them first.");
        }

        var missingInTarget = FunctionPrivileges.RequiredOfSuperuserInOperationalTenant
            .Where(p => !superuser.HoldsPrivilege(target.Id, p)).ToList();
        return missingInTarget.Count > 0
            ? Denied($"The superuser lacks {string.Join(", ", missingInTarget)} in '{target.Name}'; grant them there first.")
            : null;
    }

    private static Rejection Denied(string message) => Rejection.Forbidden(RejectionCodes.ImpersonationNotAllowed, message);
}
