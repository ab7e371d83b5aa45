using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Federation;

/// <summary>
/// Seed 003 "Manage federation connections": changes a connection's name and settings (its protocol stays). A
/// client secret, when given, replaces the sealed one; <see cref="RemoveClientSecret"/> destroys it; otherwise
/// the sealed secret stays as it is.
/// </summary>
[HttpCommand("PUT", "/tenants/{tenantId}/federation-connections/{connectionId}",
    "Changes a federation connection's name and settings; clientSecret replaces the sealed secret, removeClientSecret destroys it, neither keeps it.")]
public sealed record EditFederationConnection(
    Guid TenantId, Guid ConnectionId, string Name, FederationSettings Settings, [property: Sensitive] string? ClientSecret, bool? RemoveClientSecret) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, EditFederationConnection command, ActorContext actor)
    {
        var rejection =
            InputValidation.Name(command.Name, "Connection name")
            ?? (command is { ClientSecret: not null, RemoveClientSecret: true }
                ? Rejection.Invalid(RejectionCodes.InvalidFederationConnection, "Either replace the client secret or remove it, not both.")
                : null)
            ?? Authority.ChangeIn(tenant, actor, Capability.ManageFederationConnections, "manage federation connections")
            ?? FederationRules.MustExist(tenant, command.ConnectionId);
        if (rejection is not null)
        {
            return rejection;
        }

        var connection = tenant.FindFederationConnection(command.ConnectionId)!;
        rejection = FederationRules.Settings(connection.Protocol, command.Settings, command.ClientSecret)
            ?? FederationRules.UniqueName(tenant, command.Name, connection.Id);
        if (rejection is not null)
        {
            return rejection;
        }

        var removed = command.RemoveClientSecret == true && connection.HasClientSecret;
        var replaced = command.ClientSecret is not null;
        if (!removed && !replaced && connection.Name == command.Name && connection.Settings.Equals(Normalized(connection.Settings, command.Settings)))
        {
            return Decision.Accept();
        }

        var decision = Decision.Accept(PendingEvent.ForTenant(tenant.Id, new FederationConnectionEdited(
            tenant.Id, connection.Id, command.Name, command.Settings, replaced, replaced || (connection.HasClientSecret && !removed))));
        return replaced ? decision.WithSealedSecrets(new SealedSecretChange(connection.Id, tenant.Id, command.ClientSecret))
            : removed ? decision.WithSealedSecrets(new SealedSecretChange(connection.Id, tenant.Id, null))
            : decision;
    }

    /// <summary>Settings compare by their lists' items, not by the lists' identity.</summary>
    private static FederationSettings Normalized(FederationSettings current, FederationSettings wanted) =>
        wanted with
        {
            Scopes = current.Scopes is not null && wanted.Scopes is not null && current.Scopes.SequenceEqual(wanted.Scopes) ? current.Scopes : wanted.Scopes,
            Domains = current.Domains is not null && wanted.Domains is not null && current.Domains.SequenceEqual(wanted.Domains) ? current.Domains : wanted.Domains,
        };
}
