using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Federation;

/// <summary>Seed 003 "Manage federation connections": deletes a connection for good, and destroys its sealed client secret.</summary>
[HttpCommand("POST", "/tenants/{tenantId}/federation-connections/{connectionId}/delete",
    "Deletes a federation connection for good and destroys its sealed client secret.", ReasonMember = nameof(Reason))]
public sealed record DeleteFederationConnection(Guid TenantId, Guid ConnectionId, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, DeleteFederationConnection command, ActorContext actor)
    {
        var rejection =
            InputValidation.Reason(command.Reason)
            ?? Authority.ChangeIn(tenant, actor, Capability.ManageFederationConnections, "delete federation connections")
            ?? FederationRules.MustExist(tenant, command.ConnectionId);
        if (rejection is not null)
        {
            return rejection;
        }

        var connection = tenant.FindFederationConnection(command.ConnectionId)!;
        var decision = Decision.Accept(PendingEvent.ForTenant(tenant.Id, new FederationConnectionDeleted(tenant.Id, connection.Id, command.Reason)));
        return connection.HasClientSecret ? decision.WithSealedSecrets(new SealedSecretChange(connection.Id, tenant.Id, null)) : decision;
    }
}
