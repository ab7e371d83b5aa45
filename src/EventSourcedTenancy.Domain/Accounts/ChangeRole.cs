using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 002 "Assign a role" / seed 003 "Change member roles" (docs/seeds.md). Changing to Owner is
/// <see cref="PromoteToOwner"/>; changing an active Owner away withdraws it from the owner set, never
/// the last one. User accounts hold the User role only.
/// </summary>
[HttpCommand("PUT", "/accounts/{accountId}/role", "Changes the account's tenant role (not to Owner: use promote-to-owner).")]
public sealed record ChangeRole(Guid AccountId, RoleRef Role) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, ChangeRole command, ActorContext actor, DateTimeOffset now)
    {
        if (command.Role is { } requested && requested.IsOwner)
        {
            return PromoteToOwner.Decide(tenant, account, new PromoteToOwner(command.AccountId), actor, now);
        }

        var rejection =
            (command.Role is null ? Rejection.Invalid(RejectionCodes.InvalidRole, "Choose the role to assign.") : null)
            ?? AccountPreconditions.WellFormed(command.Role)
            ?? AccountPreconditions.NotAWorkspaceRole(command.Role)
            ?? AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.Require(actor, Capability.ChangeMemberRoles, "change roles")
            ?? TargetAccountReach.Check(actor, tenant, account)
            ?? AccountPreconditions.CustomRoleExists(tenant, command.Role)
            ?? NoEscalation.CheckRoleGrant(actor, command.Role!, tenant)
            ?? AccountLifecycle.Check(account, AccountTransition.ChangeRole)
            ?? (account.Kind == AccountKind.User && !command.Role!.Is(SystemRole.User)
                ? Rejection.Conflict(RejectionCodes.UserAccountRole, "A user account holds the User role only; invite the person as an administrator instead.")
                : null);
        if (rejection is not null)
        {
            return rejection;
        }

        return account.Role == command.Role
            ? Decision.Accept()
            : OwnerSet.Decide(tenant, account, "change its role", new RoleChanged(account.Id, account.Role, command.Role!));
    }
}
