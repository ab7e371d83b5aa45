using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Bootstrap: creates the Infrastructure tenant (the root, no parent) with its superuser as first Owner,
/// holding seed 004's infrastructure function privileges (docs/seeds.md). Only the system actor may do
/// it, once.
/// </summary>
public sealed record CreateInstallation(string Name, string SuperuserEmail, string SuperuserFirstName, string SuperuserLastName) : ITenancyCommand
{
    /// <summary>The Infrastructure tenant's id in every installation: two racing bootstraps cannot both succeed.</summary>
    public static readonly Guid InfrastructureTenantId = new("00000000-0000-0000-0000-0000000000f1");

    public ReadPlan Reads() => new(Tenant: InfrastructureTenantId, SystemActor: true);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Decide(inputs.Tenant is not null, this, ActorContext.System(InfrastructureTenantId), InfrastructureTenantId, inputs.NewId(), inputs.Now);
    }

    /// <param name="installationExists">Whether an Infrastructure tenant already exists.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">Must be <see cref="ActorContext.System"/>.</param>
    /// <param name="tenantId">The new Infrastructure tenant's id.</param>
    /// <param name="superuserAccountId">The new superuser account's id.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(
        bool installationExists, CreateInstallation command, ActorContext actor, Guid tenantId, Guid superuserAccountId, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Name(command.Name, "Installation name")
            ?? InputValidation.Email(command.SuperuserEmail)
            ?? InputValidation.PersonName(command.SuperuserFirstName, "First name")
            ?? InputValidation.PersonName(command.SuperuserLastName, "Last name")
            ?? (actor.IsSystem ? null : Rejection.Forbidden(RejectionCodes.SystemActorOnly, "Only the installation itself (the system actor) creates the Infrastructure tenant."))
            ?? (installationExists ? Rejection.Conflict(RejectionCodes.InstallationExists, "The installation already has its Infrastructure tenant; create Partner or Customer tenants under it.") : null);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(
        [
            PendingEvent.ForTenant(tenantId, new TenantCreated(tenantId, null, TenantKind.Infrastructure, command.Name, null, superuserAccountId)),
            PendingEvent.ForAccount(superuserAccountId, new AdminCreated(
                superuserAccountId, tenantId, InputValidation.NormalizeEmail(command.SuperuserEmail),
                command.SuperuserFirstName, command.SuperuserLastName, RoleRef.Of(SystemRole.Owner))),
            .. FunctionPrivileges.SuperuserDefaultsInInfrastructure.Select(p =>
                PendingEvent.ForAccount(superuserAccountId, new FunctionPrivilegeGranted(superuserAccountId, tenantId, p))),
        ]);
    }
}
