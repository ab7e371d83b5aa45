using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>Removes an account's role in one workspace; by tenant or workspace administrators.</summary>
[HttpCommand("DELETE", "/accounts/{accountId}/workspace-roles/{workspaceId}", "Removes the account's role in a workspace.")]
public sealed record RemoveWorkspaceRole(Guid AccountId, Guid WorkspaceId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, RemoveWorkspaceRole command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.RequireAnywhere(actor, Capability.AssignWorkspaceRoles, "remove workspace roles")
            ?? WorkspaceScope.RequireWorkspace(tenant, command.WorkspaceId)
            ?? Authority.Require(actor, command.WorkspaceId, Capability.AssignWorkspaceRoles, "remove workspace roles")
            ?? AccountLifecycle.Check(account, AccountTransition.ChangeWorkspaceRoles);
        if (rejection is not null)
        {
            return rejection;
        }

        return account.WorkspaceRoleIn(command.WorkspaceId) is { } current
            ? Decision.Accept(PendingEvent.ForAccount(account.Id, new WorkspaceRoleRemoved(account.Id, command.WorkspaceId, current)))
            : Decision.Accept();
    }
}
