using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// An actor may do something only with the capability for it, in the tenant (or workspace) concerned.
/// Authority is checked before anything named in the command is looked up, so a caller without it learns
/// nothing about the tenant; these refusals name neither the tenant nor anything in it.
/// </summary>
public static class Authority
{
    /// <summary>The actor context must have been resolved for the tenant the command acts in.</summary>
    public static Rejection? ActsIn(ActorContext actor, Tenant tenant) =>
        actor.TenantId == tenant.Id
            ? null
            : Rejection.Invalid(
                RejectionCodes.WrongTenant,
                "The actor's authority was resolved for a tenant other than the one the command acts in; resolve it for that tenant.");

    /// <summary>
    /// Reach in the tenant, for a capability that may be held in one workspace only: the actor holds it
    /// in the tenant or in some workspace of it. Checked before the workspace the command names is looked
    /// up; <see cref="Require(ActorContext, Guid?, Capability, string)"/> then checks it where it applies.
    /// </summary>
    public static Rejection? RequireAnywhere(ActorContext actor, Capability capability, string doing) =>
        actor.Has(capability) || actor.WorkspaceCapabilities.Values.Any(held => held.Contains(capability))
            ? null
            : Rejection.Forbidden(
                RejectionCodes.MissingCapability,
                $"You need the {capability} capability in this tenant or one of its workspaces to {doing}; ask an administrator who holds it.");

    public static Rejection? Require(ActorContext actor, Capability capability, string doing) =>
        Require(actor, null, capability, doing);

    /// <summary>A change to a live tenant by an actor resolved there who holds the capability for it.</summary>
    public static Rejection? ChangeIn(Tenant tenant, ActorContext actor, Capability capability, string doing) =>
        TenantLifecycle.MustBeLive(tenant) ?? ActsIn(actor, tenant) ?? Require(actor, capability, doing);

    public static Rejection? Require(ActorContext actor, Guid? workspaceId, Capability capability, string doing) =>
        actor.HasIn(workspaceId, capability)
            ? null
            : Rejection.Forbidden(
                RejectionCodes.MissingCapability,
                $"You need the {capability} capability {(workspaceId is null ? "in this tenant" : "in this workspace")} to {doing}; ask an administrator who holds it.");
}
