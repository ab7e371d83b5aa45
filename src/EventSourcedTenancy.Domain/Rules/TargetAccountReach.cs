using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Which accounts an actor may act on at all (change role, deactivate, delete, restore, erase, reset
/// password or MFA, grant privileges):
/// an Owner's account only by an Owner; an administrator account only with ManageAdministratorAccounts
/// (so a Manager manages standard tenant-user accounts only, docs/seeds.md, seed 000); and never an
/// account whose role holds capabilities the actor lacks ("escalate when the target is already a
/// manager or owner").
/// </summary>
public static class TargetAccountReach
{
    public static Rejection? Check(ActorContext actor, Tenant tenant, Account target)
    {
        if (target.Role.IsOwner && !actor.Has(Capability.ManageOwners))
        {
            return Rejection.Forbidden(RejectionCodes.OwnerAccount, "Only an Owner can manage an Owner's account; escalate to an Owner.");
        }

        if (target.Kind == AccountKind.Administrator && !actor.Has(Capability.ManageAdministratorAccounts))
        {
            return Rejection.Forbidden(
                RejectionCodes.AdministratorAccount,
                $"You may manage standard tenant-user accounts only; this is an administrator account ({TenantRoles.NameOf(target.Role, tenant)}). Escalate to an Owner or Administrator.");
        }

        var targetCapabilities = TenantRoles.CapabilitiesOf(target.Role, tenant) ?? CapabilitySet.Empty;
        var missing = CapabilitySet.Missing(NoEscalation.Comparable(targetCapabilities), actor.Capabilities);
        return missing.Count == 0
            ? null
            : Rejection.Forbidden(
                RejectionCodes.MorePowerfulAccount,
                $"This account's role ({TenantRoles.NameOf(target.Role, tenant)}) holds {string.Join(", ", missing)}, which you do not; escalate to someone who holds them.");
    }
}
