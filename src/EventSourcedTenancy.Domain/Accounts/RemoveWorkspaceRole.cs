using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>Removes an account's role in one workspace; by tenant or workspace administrators.</summary>
public sealed record RemoveWorkspaceRole(Guid AccountId, Guid WorkspaceId)
{
    public static Decision Decide(Tenant tenant, Account account, RemoveWorkspaceRole command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            AccountPreconditions.Check(tenant, account, command.AccountId, actor)
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
