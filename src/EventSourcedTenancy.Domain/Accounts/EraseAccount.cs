using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 002 "Delete User" / seed 003 "GDPR-delete user" (docs/seeds.md): permanent. Personal data goes; the
/// audit skeleton stays. Terminal: nothing can be done to an Erased account. Never the last active Owner.
/// </summary>
[HttpCommand("POST", "/accounts/{accountId}/erase", "Erases the account permanently (GDPR): personal data removed, audit skeleton kept. Reason in the body or X-Reason.", ReasonMember = nameof(Reason))]
public sealed record EraseAccount(Guid AccountId, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, EraseAccount command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Reason(command.Reason)
            ?? AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.Require(actor, Capability.GdprDeleteUsers, "erase accounts permanently")
            ?? TargetAccountReach.Check(actor, tenant, account)
            ?? AccountLifecycle.Check(account, AccountTransition.Erase);
        if (rejection is not null)
        {
            return rejection;
        }

        return OwnerSet.Decide(tenant, account, "erase it", new AccountErased(account.Id, command.Reason));
    }
}
