using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Sends a pending invitation again and renews its expiry. Accepting it gives the invitee the invitation's
/// role, so resending is judged as inviting with that role would be (<see cref="InviteAdmin"/>): only an
/// Owner resends an Owner's invitation, and no one resends one for a role or workspace role holding more
/// than they hold.
/// </summary>
[HttpCommand("POST", "/accounts/{accountId}/invitation/resend", "Sends the invitation again with a new expiry.")]
public sealed record ResendInvitation(Guid AccountId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, ResendInvitation command, ActorContext actor, DateTimeOffset now)
    {
        var workspace = account.Role.Is(SystemRole.User) && account.WorkspaceRoles.Count == 1 ? account.WorkspaceRoles[0].WorkspaceId : (Guid?)null;
        var rejection =
            AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.RequireAnywhere(actor, Capability.InviteMembers, "resend invitations")
            ?? NoEscalation.CheckRoleGrant(actor, account.Role, tenant)
            ?? Authority.Require(actor, workspace, Capability.InviteMembers, "resend invitations")
            ?? account.WorkspaceRoles.Select(w => NoEscalation.CheckWorkspaceRoleGrant(actor, w.WorkspaceId, w.Role)).FirstOrDefault(r => r is not null)
            ?? AccountLifecycle.Check(account, AccountTransition.ResendInvitation);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForAccount(account.Id, new InvitationResent(account.Id, InvitationExpiry.ExpiresAt(now))));
    }
}
