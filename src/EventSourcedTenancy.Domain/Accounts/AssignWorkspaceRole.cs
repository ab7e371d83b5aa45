using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 002 "Assign workspace administrators" (docs/seeds.md): by tenant or workspace administrators, to
/// tenant administrators, auditors and members; WorkspaceAdmin or WorkspaceAuditor; one role per workspace.
/// </summary>
[HttpCommand("PUT", "/accounts/{accountId}/workspace-roles/{workspaceId}", "Gives the account a role inside one workspace (WorkspaceAdmin or WorkspaceAuditor).")]
public sealed record AssignWorkspaceRole(Guid AccountId, Guid WorkspaceId, SystemRole Role) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, AssignWorkspaceRole command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            WorkspaceScope.RequireWorkspaceRole(command.Role)
            ?? AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.RequireAnywhere(actor, Capability.AssignWorkspaceRoles, "assign workspace roles")
            ?? WorkspaceScope.RequireWorkspace(tenant, command.WorkspaceId)
            ?? Authority.Require(actor, command.WorkspaceId, Capability.AssignWorkspaceRoles, "assign workspace roles")
            ?? NoEscalation.CheckWorkspaceRoleGrant(actor, command.WorkspaceId, command.Role)
            ?? WorkspaceScope.RequireAdministratorAccount(account)
            ?? AccountLifecycle.Check(account, AccountTransition.ChangeWorkspaceRoles);
        if (rejection is not null)
        {
            return rejection;
        }

        return account.WorkspaceRoleIn(command.WorkspaceId) == command.Role
            ? Decision.Accept()
            : Decision.Accept(PendingEvent.ForAccount(account.Id, new WorkspaceRoleAssigned(account.Id, command.WorkspaceId, command.Role)));
    }
}
