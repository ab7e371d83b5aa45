using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Support;

/// <summary>Worlds several specifications start from.</summary>
public static class Scenes
{
    /// <summary>
    /// Seed 004 with every condition met: the superuser holds its privileges in the operational tenant
    /// "default" and is a target there; an infrastructure Operator holds Impersonation.
    /// </summary>
    public static (World World, Guid Operational, Guid Operator) Impersonation()
    {
        var world = World.WithInstallation();
        var operational = world.NewTenant(TenantKind.Customer, name: "default");
        foreach (var privilege in FunctionPrivileges.RequiredOfSuperuserInOperationalTenant)
        {
            world.GivenPrivilege(world.SuperuserId, operational, privilege);
        }

        world.GivenTenantEvent(operational, new ImpersonationTargetDefined(operational, world.SuperuserId));
        var operatorAccount = world.NewAdmin(world.InfrastructureId, SystemRole.Operator);
        world.GivenPrivilege(operatorAccount, world.InfrastructureId, FunctionPrivilege.Impersonation);
        // The operator has begun a session: X-Act-As is honoured only inside one.
        world.GivenTenantEvent(operational, new ImpersonationBegan(operational, operatorAccount, world.SuperuserId, world.Clock + ImpersonationSession.Length));
        return (world, operational, operatorAccount);
    }
}
