using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Seed 001 (docs/seeds.md): administrators of an ancestor act as administrators of a descendant only while
/// every tenant on the path down allows it: Partner and Customer tenants must be ManagedByServiceProvider,
/// and no tenant on the path may have restricted ancestor access. Only the tenant's own administrators
/// restrict or lift that restriction.
/// </summary>
public static class AncestorAccess
{
    public static bool Allows(Tenant tenant) =>
        tenant.IsLive
        && !tenant.AncestorAccessRestricted
        && (!TenantHierarchy.HasManagementMode(tenant.Kind) || tenant.ManagementMode != ManagementMode.SelfManaged);

    /// <summary>True when every tenant strictly below the ancestor, down to and including the target, allows access.</summary>
    public static bool PathAllows(IEnumerable<Tenant> tenantsBelowAncestor) => tenantsBelowAncestor.All(Allows);

    /// <summary>
    /// What an ancestor's administrator brings down: their role's capabilities, except the owner-only ones
    /// (an Owner above is an administrator below, seed 001 "act as a lower-level administrator") and seed
    /// 004's per-tenant service administration, which takes a function privilege in the tenant itself.
    /// </summary>
    public static IReadOnlySet<Capability> Inheritable(IReadOnlySet<Capability> roleCapabilities) =>
        CapabilitySet.Except(roleCapabilities, OwnerOnly.Capabilities.Concat(FunctionPrivileges.ServiceAdministrationCapabilities));

    /// <summary>Seed 001: "the administrators at the lower level can limit the access" - their own, not inherited, authority.</summary>
    public static Rejection? RequireOwnAdministrator(ActorContext actor) =>
        actor.Source == AuthoritySource.Home
            ? null
            : Rejection.Forbidden(
                RejectionCodes.OwnAdministratorsOnly,
                "Only the tenant's own administrators decide whether ancestor tenants may administer it; ask one of them.");
}
