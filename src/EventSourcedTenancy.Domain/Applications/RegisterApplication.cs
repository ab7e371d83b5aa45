using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Applications;

/// <summary>
/// Seed 003 "Create / edit / delete applications" (docs/applications.md): registers a client of the tenant. A
/// confidential client (web, machine-to-machine) gets its first secret, returned once in the reply.
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/applications",
    "Registers an application (web, single-page, native or machine-to-machine); a web or machine-to-machine application's client secret is in the reply, once.",
    Created = "/applications/{id}")]
public sealed record RegisterApplication(Guid TenantId, string Name, ApplicationKind Kind, IReadOnlyList<string>? RedirectUris, string? SecretRecipientKey) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.NewId(), inputs.NewId, inputs.NewSecret));
    }

    public static Decision Decide(Tenant tenant, RegisterApplication command, ActorContext actor, Guid applicationId, Func<Guid> newId, Func<string> newSecret)
    {
        ArgumentNullException.ThrowIfNull(newId);
        ArgumentNullException.ThrowIfNull(newSecret);
        var rejection =
            ApplicationRules.Registration(command.Name, command.Kind, command.RedirectUris)
            ?? ClientSecrets.CheckRecipientKey(command.SecretRecipientKey)
            ?? Authority.ChangeIn(tenant, actor, Capability.ManageApplications, "register applications");
        if (rejection is not null)
        {
            return rejection;
        }

        var redirectUris = command.RedirectUris ?? [];
        if (!Application.KeepsSecret(command.Kind))
        {
            return Decision.Accept(PendingEvent.ForApplication(applicationId,
                new ApplicationRegistered(applicationId, tenant.Id, command.Name, command.Kind, redirectUris, null, null)));
        }

        var secret = newSecret();
        return Decision.Accept(PendingEvent.ForApplication(applicationId,
                new ApplicationRegistered(applicationId, tenant.Id, command.Name, command.Kind, redirectUris, newId(), ClientSecrets.Hash(secret))))
            .WithIssuedSecret(secret, command.SecretRecipientKey);
    }
}
