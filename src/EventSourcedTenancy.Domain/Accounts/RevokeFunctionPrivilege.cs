using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>Seed 004 (docs/seeds.md): take a function privilege away in one tenant.</summary>
[HttpCommand("POST", "/accounts/{accountId}/function-privileges/revoke", "Revokes a function privilege held in the given tenant.")]
public sealed record RevokeFunctionPrivilege(Guid AccountId, Guid TenantId, FunctionPrivilege Privilege) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId, scopeTenant: TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccountInScope((chain, account) => Decide(chain, account, this, inputs.Actor, inputs.Now));
    }

    /// <param name="chainFromRootToTenant">The tenants from the root down to the tenant the privilege applies in.</param>
    /// <param name="account">The account holding the privilege.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the tenant the privilege applies in.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(
        IReadOnlyList<Tenant> chainFromRootToTenant, Account account, RevokeFunctionPrivilege command, ActorContext actor, DateTimeOffset now)
    {
        var tenant = chainFromRootToTenant[^1];
        var rejection =
            FunctionPrivilegeChecks.Common(chainFromRootToTenant, account, command.AccountId, command.TenantId, command.Privilege, actor)
            ?? FunctionPrivilegeChecks.Lifecycle(account);
        if (rejection is not null)
        {
            return rejection;
        }

        return account.HoldsPrivilege(tenant.Id, command.Privilege)
            ? Decision.Accept(PendingEvent.ForAccount(account.Id, new FunctionPrivilegeRevoked(account.Id, tenant.Id, command.Privilege)))
            : Decision.Accept();
    }
}
