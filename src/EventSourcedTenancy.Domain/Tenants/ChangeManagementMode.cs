using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 001 (docs/seeds.md): switch a Partner or Customer tenant between ManagedByServiceProvider and
/// SelfManaged.
/// </summary>
[HttpCommand("PUT", "/tenants/{tenantId}/management-mode", "Sets whether administrators of the parent tenants may manage this tenant (Partner and Customer tenants).")]
public sealed record ChangeManagementMode(Guid TenantId, ManagementMode ManagementMode) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, ChangeManagementMode command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Defined(command.ManagementMode, "Management mode")
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.ChangeManagementMode, "change the management mode")
            ?? TenantHierarchy.CheckManagementMode(tenant.Kind, command.ManagementMode);
        if (rejection is not null)
        {
            return rejection;
        }

        return tenant.ManagementMode == command.ManagementMode
            ? Decision.Accept()
            : Decision.Accept(PendingEvent.ForTenant(tenant.Id, new ManagementModeChanged(tenant.Id, command.ManagementMode)));
    }
}
