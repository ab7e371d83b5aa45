using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 001 (docs/seeds.md): switch a Partner or Customer tenant between ManagedByServiceProvider and
/// SelfManaged.
/// </summary>
public sealed record ChangeManagementMode(Guid TenantId, ManagementMode ManagementMode)
{
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
