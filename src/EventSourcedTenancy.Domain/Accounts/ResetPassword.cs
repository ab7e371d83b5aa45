using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 002 "Reset Password", seed 003 "Reset password" (docs/seeds.md): decided here, carried out by
/// the identity provider.
/// </summary>
public sealed record ResetPassword(Guid AccountId)
{
    public static Decision Decide(Tenant tenant, Account account, ResetPassword command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.Require(actor, Capability.ResetPassword, "reset passwords")
            ?? TargetAccountReach.Check(actor, tenant, account)
            ?? AccountLifecycle.Check(account, AccountTransition.ResetCredentials);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForAccount(account.Id, new PasswordResetRequested(account.Id)));
    }
}
