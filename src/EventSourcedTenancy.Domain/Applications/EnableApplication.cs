using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Applications;

/// <summary>Seed 003 "Create / edit / delete applications": lets a disabled application sign users in again.</summary>
[HttpCommand("POST", "/applications/{applicationId}/enable", "Enables a disabled application.")]
public sealed record EnableApplication(Guid ApplicationId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnApplication(ApplicationId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnApplication((tenant, application) => Decide(tenant, application, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, Application application, EnableApplication command, ActorContext actor) =>
        (command.ApplicationId == application.Id ? null : Rejection.Invalid(RejectionCodes.InvalidId, "Pass the application the command names."))
        ??
        Authority.ChangeIn(tenant, actor, Capability.ManageApplications, "enable applications")
        ?? ApplicationRules.MustBeLive(application)
        ?? (application.Enabled ? Decision.Accept() : Decision.Accept(PendingEvent.ForApplication(application.Id, new ApplicationEnabled(application.Id, tenant.Id))));
}
