using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Applications;

/// <summary>Seed 003 "Create / edit / delete applications": keeps an application configured but lets it sign nobody in.</summary>
[HttpCommand("POST", "/applications/{applicationId}/disable", "Disables an application: it stays configured and signs nobody in until enabled.", ReasonMember = nameof(Reason))]
public sealed record DisableApplication(Guid ApplicationId, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnApplication(ApplicationId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnApplication((tenant, application) => Decide(tenant, application, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, Application application, DisableApplication command, ActorContext actor) =>
        InputValidation.Reason(command.Reason)
        ?? Authority.ChangeIn(tenant, actor, Capability.ManageApplications, "disable applications")
        ?? ApplicationRules.MustBeLive(application)
        ?? (application.Enabled
            ? Decision.Accept(PendingEvent.ForApplication(application.Id, new ApplicationDisabled(application.Id, tenant.Id, command.Reason)))
            : Decision.Accept());
}
