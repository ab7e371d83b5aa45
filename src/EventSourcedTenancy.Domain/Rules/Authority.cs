using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>An actor may do something only with the capability for it, in the tenant (or workspace) concerned.</summary>
public static class Authority
{
    /// <summary>The actor context must have been resolved for the tenant the command acts in.</summary>
    public static Rejection? ActsIn(ActorContext actor, Tenant tenant) =>
        actor.TenantId == tenant.Id
            ? null
            : Rejection.Invalid(
                RejectionCodes.WrongTenant,
                $"The actor's authority was resolved for tenant {actor.TenantId}, not for '{tenant.Name}'; resolve it for the tenant the command acts in.");

    public static Rejection? Require(ActorContext actor, Capability capability, string doing) =>
        Require(actor, null, capability, doing);

    public static Rejection? Require(ActorContext actor, Guid? workspaceId, Capability capability, string doing) =>
        actor.HasIn(workspaceId, capability)
            ? null
            : Rejection.Forbidden(
                RejectionCodes.MissingCapability,
                $"You need the {capability} capability {(workspaceId is null ? "in this tenant" : "in this workspace")} to {doing}; ask an administrator who holds it.");
}
