using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// No escalation (docs/product.md): nobody grants a role, workspace role, custom-role capability or
/// function privilege whose capabilities they do not hold themselves, where the grant applies. Only an
/// Owner makes an Owner. Two kinds of capability are not administrative authority and are left out of the
/// comparison: seed 001's (docs/seeds.md) kind-scoped operations say where an operation happens, not who
/// holds authority (a partner administrator may create a customer administrator who downloads the software,
/// seed 001 footnote); and service access, what every User gets to use the services (seed 001 "Users"
/// column; docs/product.md "User: no administrative capability").
/// </summary>
public static class NoEscalation
{
    public static Rejection? CheckRoleGrant(ActorContext actor, RoleRef role, Tenant home)
    {
        if (role.IsOwner && !actor.Has(Capability.ManageOwners))
        {
            return Rejection.Forbidden(RejectionCodes.OnlyOwnerMakesOwner, "Only an Owner can make an Owner; escalate to an Owner.");
        }

        var capabilities = TenantRoles.CapabilitiesOf(role, home) ?? CapabilitySet.Empty;
        return CheckCapabilities(actor, null, capabilities, $"the {TenantRoles.NameOf(role, home)} role");
    }

    public static Rejection? CheckWorkspaceRoleGrant(ActorContext actor, Guid workspaceId, SystemRole workspaceRole) =>
        CheckCapabilities(actor, workspaceId, SystemRoles.Of(workspaceRole).Capabilities, $"the {workspaceRole} role in this workspace");

    public static Rejection? CheckPrivilegeGrant(ActorContext actor, FunctionPrivilege privilege) =>
        CheckCapabilities(actor, null, FunctionPrivileges.CapabilitiesOf(privilege), $"the {privilege} function privilege");

    public static Rejection? CheckCapabilities(ActorContext actor, Guid? workspaceId, IEnumerable<Capability> granted, string what)
    {
        var missing = CapabilitySet.Missing(Comparable(granted), actor.CapabilitiesIn(workspaceId));
        return missing.Count == 0
            ? null
            : Rejection.Forbidden(
                RejectionCodes.Escalation,
                $"You cannot grant {what}: it includes {string.Join(", ", missing)}, which you do not hold. Ask someone who holds them.");
    }

    /// <summary>Service access: the User role's capabilities.</summary>
    public static IReadOnlySet<Capability> ServiceAccess => SystemRoles.User.Capabilities;

    /// <summary>The capabilities that count when comparing authority.</summary>
    public static IEnumerable<Capability> Comparable(IEnumerable<Capability> capabilities) =>
        capabilities.Where(c => !TenantKindOperations.KindScoped.Contains(c) && !ServiceAccess.Contains(c));
}
