using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Federation;

/// <summary>Seed 003 "Manage federation connections": disables a federation connection: it stays configured and signs nobody in until enabled.</summary>
[HttpCommand("POST", "/tenants/{tenantId}/federation-connections/{connectionId}/disable", "Disables a federation connection: it stays configured and signs nobody in until enabled.")]
public sealed record DisableFederationConnection(Guid TenantId, Guid ConnectionId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, DisableFederationConnection command, ActorContext actor)
    {
        var rejection =
            Authority.ChangeIn(tenant, actor, Capability.ManageFederationConnections, "disable federation connections")
            ?? FederationRules.MustExist(tenant, command.ConnectionId);
        if (rejection is not null)
        {
            return rejection;
        }

        var connection = tenant.FindFederationConnection(command.ConnectionId)!;
        return !connection.Enabled ? Decision.Accept() : Decision.Accept(PendingEvent.ForTenant(tenant.Id, new FederationConnectionDisabled(tenant.Id, connection.Id)));
    }
}
