using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 002 "Set to Deleted" (docs/seeds.md): a soft delete, recoverable with its history. Remembers the
/// state to restore. The last active Owner cannot be deleted.
/// </summary>
[HttpCommand("POST", "/accounts/{accountId}/delete", "Soft-deletes the account: recoverable, history kept. Reason in the body or X-Reason.", ReasonMember = nameof(Reason))]
public sealed record SetAccountDeleted(Guid AccountId, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, SetAccountDeleted command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Reason(command.Reason)
            ?? AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.Require(actor, Capability.CreateEditDeleteUsers, "delete accounts")
            ?? TargetAccountReach.Check(actor, tenant, account)
            ?? AccountLifecycle.Check(account, AccountTransition.SetDeleted);
        if (rejection is not null)
        {
            return rejection;
        }

        return OwnerSet.Decide(tenant, account, "delete it", new AccountSetDeleted(account.Id, account.State, command.Reason));
    }
}
