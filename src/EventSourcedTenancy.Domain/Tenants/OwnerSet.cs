using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Keeps the tenant's owner set in step with its accounts: when account events make an account an
/// active Owner, or stop it being one, the tenant stream gets <see cref="OwnerAdded"/> or
/// <see cref="OwnerWithdrawn"/> in the same decision, and a withdrawal must leave another active Owner
/// (<see cref="AtLeastOneOwner"/>). Every account command that can change ownership decides through here.
/// </summary>
public static class OwnerSet
{
    public static Decision Decide(Tenant tenant, Account account, string doing, params IEnumerable<object> accountEvents)
    {
        var events = accountEvents.ToList();
        var after = events.Aggregate(account, (state, e) => Account.Fold(state, e));
        var pending = events.Select(e => PendingEvent.ForAccount(account.Id, e)).ToList();

        if (account.IsActiveOwner && !after.IsActiveOwner)
        {
            if (AtLeastOneOwner.CheckWithdrawal(tenant, account.Id, doing) is { } lastOwner)
            {
                return lastOwner;
            }

            pending.Add(PendingEvent.ForTenant(tenant.Id, new OwnerWithdrawn(tenant.Id, account.Id)));
        }
        else if (!account.IsActiveOwner && after.IsActiveOwner)
        {
            pending.Add(PendingEvent.ForTenant(tenant.Id, new OwnerAdded(tenant.Id, account.Id)));
        }

        return Decision.Accept(pending);
    }
}
