using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 004 (docs/seeds.md): an infrastructure account starts acting as the superuser in an operational
/// tenant. The event records both identities; afterwards the handler builds the actor context with
/// <see cref="Authorization.ActorResolver.ResolveImpersonation"/>, which checks the same conditions.
/// </summary>
public sealed record BeginImpersonation(Guid TenantId, Guid SuperuserAccountId)
{
    /// <param name="chainFromRootToTarget">The tenants from the Infrastructure root down to the target tenant.</param>
    /// <param name="actor">The real actor's account.</param>
    /// <param name="superuser">The account to act as.</param>
    /// <param name="command">The command.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(
        IReadOnlyList<Tenant> chainFromRootToTarget, Account actor, Account superuser, BeginImpersonation command, DateTimeOffset now)
    {
        var target = chainFromRootToTarget[^1];
        var rejection =
            (command.TenantId == target.Id && command.SuperuserAccountId == superuser.Id
                ? null
                : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the tenant chain and the account the command names."))
            ?? ImpersonationConditions.Check(actor, superuser, chainFromRootToTarget);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForTenant(target.Id, new ImpersonationBegan(target.Id, actor.Id, superuser.Id)));
    }
}
