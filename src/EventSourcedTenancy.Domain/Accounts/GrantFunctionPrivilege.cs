using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 004 (docs/seeds.md): grant a function privilege to an administrator account, held in
/// <see cref="TenantId"/> (its home tenant or one below it). The granter must hold what the privilege
/// confers there.
/// </summary>
[HttpCommand("PUT", "/accounts/{accountId}/function-privileges", "Grants a function privilege, held in the given tenant (seed 004).")]
public sealed record GrantFunctionPrivilege(Guid AccountId, Guid TenantId, FunctionPrivilege Privilege) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId, scopeTenant: TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccountInScope((chain, account) => Decide(chain, account, this, inputs.Actor, inputs.Now));
    }

    /// <param name="chainFromRootToTenant">The tenants from the root down to the tenant the privilege applies in.</param>
    /// <param name="account">The account to hold the privilege.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the tenant the privilege applies in.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(
        IReadOnlyList<Tenant> chainFromRootToTenant, Account account, GrantFunctionPrivilege command, ActorContext actor, DateTimeOffset now)
    {
        var tenant = chainFromRootToTenant[^1];
        var rejection =
            FunctionPrivilegeChecks.Common(chainFromRootToTenant, account, command.AccountId, command.TenantId, command.Privilege, actor)
            ?? NoEscalation.CheckPrivilegeGrant(actor, command.Privilege)
            ?? FunctionPrivilegeChecks.Lifecycle(account);
        if (rejection is not null)
        {
            return rejection;
        }

        return account.HoldsPrivilege(tenant.Id, command.Privilege)
            ? Decision.Accept()
            : Decision.Accept(PendingEvent.ForAccount(account.Id, new FunctionPrivilegeGranted(account.Id, tenant.Id, command.Privilege)));
    }
}
