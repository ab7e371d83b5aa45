using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// docs/product.md: a Deleted account is restored to the state it had. A restored active Owner rejoins
/// the owner set.
/// </summary>
public sealed record RestoreAccount(Guid AccountId)
{
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
