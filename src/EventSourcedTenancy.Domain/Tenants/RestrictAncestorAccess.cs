using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 001 (docs/seeds.md): "the administrators at the lower level can limit the access to their tenant for
/// higher-level administrators". <see cref="Restrict"/> false lifts the restriction.
/// </summary>
[HttpCommand("PUT", "/tenants/{tenantId}/ancestor-access", "Restricts (or allows again) administration of this tenant by administrators of its ancestors. Reason in the body or X-Reason.", ReasonMember = nameof(Reason))]
public sealed record RestrictAncestorAccess(Guid TenantId, bool Restrict, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, RestrictAncestorAccess command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Reason(command.Reason)
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.RestrictAncestorAccess, "restrict access from ancestor tenants")
            ?? AncestorAccess.RequireOwnAdministrator(actor)
            ?? (tenant.Kind == TenantKind.Infrastructure
                ? Rejection.Conflict(RejectionCodes.InfrastructureTenant, "The Infrastructure tenant is the root; it has no ancestors to restrict.")
                : null);
        if (rejection is not null)
        {
            return rejection;
        }

        if (tenant.AncestorAccessRestricted == command.Restrict)
        {
            return Decision.Accept();
        }

        return Decision.Accept(PendingEvent.ForTenant(
            tenant.Id,
            command.Restrict ? new AncestorAccessRestricted(tenant.Id, command.Reason) : new AncestorAccessAllowed(tenant.Id)));
    }
}
