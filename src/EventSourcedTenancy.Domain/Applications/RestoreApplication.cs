using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Applications;

/// <summary>Seed 003 "Create / edit / delete applications": brings a deleted application back from the recycle bin, as it was.</summary>
[HttpCommand("POST", "/applications/{applicationId}/restore", "Restores a deleted application from the recycle bin (within the retention).")]
public sealed record RestoreApplication(Guid ApplicationId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnApplication(ApplicationId) with { DeletedAt = true };

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnApplication((tenant, application) =>
            Decide(tenant, application, this, inputs.Actor) is { IsAccepted: true } decision
                ? RecycleBinRetention.Check(inputs.DeletedAt, inputs.RecycleBinRetention, inputs.Now, "applications", "register it again") ?? decision
                : Decide(tenant, application, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, Application application, RestoreApplication command, ActorContext actor) =>
        (command.ApplicationId == application.Id ? null : Rejection.Invalid(RejectionCodes.InvalidId, "Pass the application the command names."))
        ??
        Authority.ChangeIn(tenant, actor, Capability.ManageApplications, "restore applications")
        ?? ApplicationRules.MustBeDeleted(application)
        ?? Decision.Accept(PendingEvent.ForApplication(application.Id, new ApplicationRestored(application.Id, tenant.Id)));
}
