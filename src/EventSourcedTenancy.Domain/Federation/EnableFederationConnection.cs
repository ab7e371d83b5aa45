using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Federation;

/// <summary>Seed 003 "Manage federation connections": enables a disabled federation connection.</summary>
[HttpCommand("POST", "/tenants/{tenantId}/federation-connections/{connectionId}/enable", "Enables a disabled federation connection.")]
public sealed record EnableFederationConnection(Guid TenantId, Guid ConnectionId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, EnableFederationConnection command, ActorContext actor)
    {
        var rejection =
            Authority.ChangeIn(tenant, actor, Capability.ManageFederationConnections, "enable federation connections")
            ?? FederationRules.MustExist(tenant, command.ConnectionId);
        if (rejection is not null)
        {
            return rejection;
        }

        var connection = tenant.FindFederationConnection(command.ConnectionId)!;
        return connection.Enabled ? Decision.Accept() : Decision.Accept(PendingEvent.ForTenant(tenant.Id, new FederationConnectionEnabled(tenant.Id, connection.Id)));
    }
}
