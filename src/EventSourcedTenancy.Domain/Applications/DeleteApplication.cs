using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Applications;

/// <summary>
/// Seed 003 "Create / edit / delete applications": moves an application to the recycle bin, from where it can be
/// restored within the retention, like an account. A deleted application signs nobody in; its secrets stay hashes.
/// </summary>
[HttpCommand("POST", "/applications/{applicationId}/delete", "Deletes an application to the recycle bin (restorable within the retention); a reason is required.", ReasonMember = nameof(Reason))]
public sealed record DeleteApplication(Guid ApplicationId, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnApplication(ApplicationId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnApplication((tenant, application) => Decide(tenant, application, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, Application application, DeleteApplication command, ActorContext actor) =>
        (string.IsNullOrWhiteSpace(command.Reason)
            ? Rejection.Invalid(RejectionCodes.InvalidText, "Say why the application is deleted (reason, or the X-Reason header).")
            : InputValidation.Reason(command.Reason))
        ?? Authority.ChangeIn(tenant, actor, Capability.ManageApplications, "delete applications")
        ?? ApplicationRules.MustBeLive(application)
        ?? Decision.Accept(PendingEvent.ForApplication(application.Id, new ApplicationDeleted(application.Id, tenant.Id, command.Reason!)));
}
