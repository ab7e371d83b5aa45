using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Applications;

/// <summary>Seed 003 "Create / edit / delete applications": renames an application and replaces its redirect URIs.</summary>
[HttpCommand("PUT", "/applications/{applicationId}", "Changes an application's name and redirect URIs (its kind stays).")]
public sealed record EditApplication(Guid ApplicationId, string Name, IReadOnlyList<string> RedirectUris) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnApplication(ApplicationId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnApplication((tenant, application) => Decide(tenant, application, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, Application application, EditApplication command, ActorContext actor)
    {
        var rejection =
            InputValidation.Name(command.Name, "Application name")
            ?? Authority.ChangeIn(tenant, actor, Capability.ManageApplications, "edit applications")
            ?? ApplicationRules.MustBeLive(application)
            ?? ApplicationRules.RedirectUris(application.Kind, command.RedirectUris ?? []);
        if (rejection is not null)
        {
            return rejection;
        }

        return application.Name == command.Name && application.RedirectUris.SequenceEqual(command.RedirectUris ?? [])
            ? Decision.Accept()
            : Decision.Accept(PendingEvent.ForApplication(application.Id,
                new ApplicationEdited(application.Id, tenant.Id, command.Name, command.RedirectUris ?? [])));
    }
}
