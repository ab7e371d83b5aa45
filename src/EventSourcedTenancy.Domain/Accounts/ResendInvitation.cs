using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>Sends a pending invitation again and renews its expiry.</summary>
public sealed record ResendInvitation(Guid AccountId)
{
    public static Decision Decide(Tenant tenant, Account account, ResendInvitation command, ActorContext actor, DateTimeOffset now)
    {
        var workspace = account.Role.Is(SystemRole.User) && account.WorkspaceRoles.Count == 1 ? account.WorkspaceRoles[0].WorkspaceId : (Guid?)null;
        var rejection =
            AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.Require(actor, workspace, Capability.InviteMembers, "resend invitations")
            ?? AccountLifecycle.Check(account, AccountTransition.ResendInvitation);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForAccount(account.Id, new InvitationResent(account.Id, InvitationExpiry.ExpiresAt(now))));
    }
}
