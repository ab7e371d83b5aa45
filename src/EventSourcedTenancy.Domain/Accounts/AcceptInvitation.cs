using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// The invitee accepts (or the identity provider reports it, as the system actor). An invitation as
/// Owner makes the account an active Owner now, so the tenant's owner set grows.
/// </summary>
[HttpCommand("POST", "/accounts/{accountId}/invitation/accept", "The invited administrator accepts; the account becomes Active.")]
public sealed record AcceptInvitation(Guid AccountId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnAccount(AccountId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnAccount((tenant, account) => Decide(tenant, account, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, Account account, AcceptInvitation command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            (account.Id == command.AccountId && account.TenantId == tenant.Id
                ? null
                : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the account the command names and its home tenant."))
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? (actor.IsSystem || actor.EffectiveAccountId == account.Id
                ? null
                : Rejection.Forbidden(RejectionCodes.NotTheInvitee, "Only the invited person accepts an invitation; forward it to them."))
            ?? AccountLifecycle.Check(account, AccountTransition.AcceptInvitation)
            ?? InvitationExpiry.Check(account, now);
        if (rejection is not null)
        {
            return rejection;
        }

        return OwnerSet.Decide(tenant, account, "accept", new InvitationAccepted(account.Id));
    }
}
