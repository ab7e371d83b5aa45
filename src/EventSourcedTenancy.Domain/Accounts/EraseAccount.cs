using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 002 "Delete User" / seed 003 "GDPR-delete user" (docs/seeds.md): permanent. Personal data goes; the
/// audit skeleton stays. Terminal: nothing can be done to an Erased account. Never the last active Owner.
/// </summary>
public sealed record EraseAccount(Guid AccountId, string? Reason)
{
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
