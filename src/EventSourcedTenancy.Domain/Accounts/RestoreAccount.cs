using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// docs/product.md: a Deleted account is restored to the state it had. A restored active Owner rejoins
/// the owner set.
/// </summary>
[HttpCommand("POST", "/accounts/{accountId}/restore", "Restores a soft-deleted account to the state it had (within the recycle bin's retention).")]
public sealed record RestoreAccount(Guid AccountId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId) with { DeletedAt = true };

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) =>
        {
            // The recycle bin's retention is checked once the caller's authority over the account is settled.
            var decision = Decide(tenant, account, this, inputs.Actor, inputs.Now);
            return decision.IsAccepted ? RecycleBinRetention.Check(inputs.DeletedAt, inputs.RecycleBinRetention, inputs.Now) ?? decision : decision;
        });
    }

    public static Decision Decide(Tenant tenant, Account account, RestoreAccount command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.Require(actor, Capability.CreateEditDeleteUsers, "restore accounts")
            ?? TargetAccountReach.Check(actor, tenant, account)
            ?? AccountLifecycle.Check(account, AccountTransition.Restore);
        if (rejection is not null)
        {
            return rejection;
        }

        return OwnerSet.Decide(tenant, account, "restore it", new AccountRestored(account.Id, account.StateBeforeDeletion ?? AccountState.Active));
    }
}
