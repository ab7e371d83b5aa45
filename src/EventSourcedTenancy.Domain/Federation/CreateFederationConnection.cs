using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Federation;

/// <summary>
/// Seed 003 "Manage federation connections": connects the tenant to an identity provider over OpenID Connect or
/// SAML. An OpenID Connect client secret is sealed apart from the events (docs/federation.md) and never returned.
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/federation-connections",
    "Creates a federation connection (OpenID Connect or SAML). A client secret is kept sealed and never returned; send it over HTTPS only.")]
public sealed record CreateFederationConnection(
    Guid TenantId, string Name, FederationProtocol Protocol, FederationSettings Settings, [property: Sensitive] string? ClientSecret) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.NewId()));
    }

    public static Decision Decide(Tenant tenant, CreateFederationConnection command, ActorContext actor, Guid connectionId)
    {
        var rejection =
            InputValidation.Name(command.Name, "Connection name")
            ?? FederationRules.Settings(command.Protocol, command.Settings, command.ClientSecret)
            ?? Authority.ChangeIn(tenant, actor, Capability.ManageFederationConnections, "manage federation connections")
            ?? FederationRules.UniqueName(tenant, command.Name, null);
        if (rejection is not null)
        {
            return rejection;
        }

        var decision = Decision.Accept(PendingEvent.ForTenant(tenant.Id, new FederationConnectionCreated(
            tenant.Id, connectionId, command.Name, command.Protocol, command.Settings, command.ClientSecret is not null)));
        return command.ClientSecret is { } secret ? decision.WithSealedSecrets(new SealedSecretChange(connectionId, tenant.Id, secret)) : decision;
    }
}
