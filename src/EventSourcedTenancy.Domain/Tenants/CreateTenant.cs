using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Creates a child tenant with its first Owner, an active administrator account (a live tenant always
/// has an Owner). Partner and Customer tenants start ManagedByServiceProvider unless told otherwise.
/// This is the one place a non-Owner makes an Owner: appointing the first Owner of a new tenant is
/// part of creating it (docs/seeds.md, seed 001: administrators create tenants and their accounts).
/// </summary>
[HttpCommand("POST", "/tenants", "Creates a child tenant with its first Owner.", Created = "/tenants/{id}")]
public sealed record CreateTenant(
    Guid ParentTenantId,
    TenantKind Kind,
    string Name,
    ManagementMode? ManagementMode,
    string OwnerEmail,
    string OwnerFirstName,
    string OwnerLastName) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(ParentTenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(parent => Decide(parent, this, inputs.Actor, inputs.NewId(), inputs.NewId(), inputs.Now));
    }

    /// <param name="parent">The parent tenant.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the parent tenant.</param>
    /// <param name="newTenantId">The new tenant's id.</param>
    /// <param name="firstOwnerAccountId">The new first Owner account's id.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(
        Tenant parent, CreateTenant command, ActorContext actor, Guid newTenantId, Guid firstOwnerAccountId, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Defined(command.Kind, "Tenant kind")
            ?? (command.ManagementMode is { } mode ? InputValidation.Defined(mode, "Management mode") : null)
            ?? InputValidation.Name(command.Name, "Tenant name")
            ?? InputValidation.Email(command.OwnerEmail)
            ?? InputValidation.PersonName(command.OwnerFirstName, "Owner's first name")
            ?? InputValidation.PersonName(command.OwnerLastName, "Owner's last name")
            ?? (command.ParentTenantId == parent.Id ? null : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the parent tenant the command names."))
            ?? TenantLifecycle.MustBeLive(parent)
            ?? Authority.ActsIn(actor, parent)
            ?? Authority.Require(actor, Capability.CreateTenants, "create tenants")
            ?? TenantHierarchy.CheckChild(parent, command.Kind)
            ?? TenantHierarchy.CheckManagementMode(command.Kind, command.ManagementMode);
        if (rejection is not null)
        {
            return rejection;
        }

        var managementMode = TenantHierarchy.HasManagementMode(command.Kind)
            ? command.ManagementMode ?? Tenants.ManagementMode.ManagedByServiceProvider
            : (ManagementMode?)null;
        return Decision.Accept(
            PendingEvent.ForTenant(newTenantId, new TenantCreated(newTenantId, parent.Id, command.Kind, command.Name, managementMode, firstOwnerAccountId)),
            PendingEvent.ForAccount(firstOwnerAccountId, new AdminCreated(
                firstOwnerAccountId, newTenantId, InputValidation.NormalizeEmail(command.OwnerEmail),
                command.OwnerFirstName, command.OwnerLastName, RoleRef.Of(SystemRole.Owner))));
    }
}
