using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 001 "Create accounts" / seed 000 "Add a standard tenant user" (docs/seeds.md): a user account,
/// active at once, with the User role (service access only; roles in the services are the services'
/// business).
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/users", "Creates a standard user account (service access only) in the tenant.", Created = "/accounts/{id}")]
public sealed record CreateUser(Guid TenantId, string Email, string FirstName, string LastName) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.NewAccountIn(TenantId, Email);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, inputs.ExistingWithEmail, this, inputs.Actor, inputs.NewId(), inputs.Now));
    }

    /// <param name="tenant">The tenant.</param>
    /// <param name="existingWithEmail">The tenant's account with this email, if any.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the tenant.</param>
    /// <param name="newAccountId">The new account's id.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(
        Tenant tenant, Account? existingWithEmail, CreateUser command, ActorContext actor, Guid newAccountId, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Email(command.Email)
            ?? InputValidation.PersonName(command.FirstName, "First name")
            ?? InputValidation.PersonName(command.LastName, "Last name")
            ?? (command.TenantId == tenant.Id ? null : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the tenant the command names."))
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.CreateAccounts, "create user accounts")
            ?? UniqueEmailPerTenant.Check(existingWithEmail);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForAccount(newAccountId, new UserCreated(
            newAccountId, tenant.Id, InputValidation.NormalizeEmail(command.Email), command.FirstName, command.LastName)));
    }
}
