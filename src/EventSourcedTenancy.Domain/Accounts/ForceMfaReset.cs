using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 003 "Force MFA reset", seed 000 "reset MFA" (docs/seeds.md): decided here, carried out by the
/// identity provider.
/// </summary>
public sealed record ForceMfaReset(Guid AccountId)
{
    public static Decision Decide(Tenant tenant, Account account, ForceMfaReset command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            AccountPreconditions.Check(tenant, account, command.AccountId, actor)
            ?? Authority.Require(actor, Capability.ForceMfaReset, "force MFA resets")
            ?? TargetAccountReach.Check(actor, tenant, account)
            ?? AccountLifecycle.Check(account, AccountTransition.ResetCredentials);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForAccount(account.Id, new MfaResetForced(account.Id)));
    }
}
