using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 002 "Set to Inactive" / seed 003 "suspend" (docs/seeds.md): the account can no longer sign in.
/// Applies to user accounts too (an Operator suspends users). The last active Owner cannot be set inactive.
/// </summary>
[HttpCommand("POST", "/accounts/{accountId}/deactivate", "Sets the account Inactive: it can no longer sign in. Reason in the body or X-Reason.", ReasonMember = nameof(Reason))]
public sealed record SetAdminInactive(Guid AccountId, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, SetAdminInactive command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Reason(command.Reason)
            ?? AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.Require(actor, Capability.SuspendUsers, "set accounts inactive")
            ?? TargetAccountReach.Check(actor, tenant, account)
            ?? AccountLifecycle.Check(account, AccountTransition.SetInactive);
        if (rejection is not null)
        {
            return rejection;
        }

        return OwnerSet.Decide(tenant, account, "set it inactive", new AccountSetInactive(account.Id, command.Reason));
    }
}
