using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Only an Owner makes an Owner (docs/product.md; docs/seeds.md, seed 000), of an active administrator
/// account.
/// </summary>
[HttpCommand("POST", "/accounts/{accountId}/promote-to-owner", "Makes the account an Owner of its tenant (Owners only).")]
public sealed record PromoteToOwner(Guid AccountId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, PromoteToOwner command, ActorContext actor, DateTimeOffset now)
    {
        var owner = RoleRef.Of(SystemRole.Owner);
        var rejection =
            AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? NoEscalation.CheckRoleGrant(actor, owner, tenant)
            ?? Authority.Require(actor, Capability.ChangeMemberRoles, "change roles")
            ?? TargetAccountReach.Check(actor, tenant, account)
            ?? (account.Kind == AccountKind.Administrator
                ? null
                : Rejection.Conflict(RejectionCodes.UserAccountRole, "A user account cannot be an Owner; invite the person as an administrator first."))
            ?? AccountLifecycle.Check(account, AccountTransition.PromoteToOwner);
        if (rejection is not null)
        {
            return rejection;
        }

        return account.Role.IsOwner
            ? Decision.Accept()
            : OwnerSet.Decide(tenant, account, "promote it", new PromotedToOwner(account.Id, account.Role));
    }
}
