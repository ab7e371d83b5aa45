using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 004 (docs/seeds.md): an infrastructure account starts acting as the superuser in an operational
/// tenant. The event records both identities; afterwards the handler builds the actor context with
/// <see cref="Authorization.ActorResolver.ResolveImpersonation"/>, which checks the same conditions.
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/impersonation", "Starts acting as the superuser in this tenant (needs the Impersonation privilege in the Infrastructure tenant).")]
public sealed record BeginImpersonation(Guid TenantId, Guid SuperuserAccountId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId) with { OtherAccounts = [SuperuserAccountId] };

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Tenant is null ? Missing.Tenant(TenantId)
            : inputs.AccountById(SuperuserAccountId) is not { } superuser ? Missing.Account(SuperuserAccountId)
            : inputs.AccountById(inputs.Actor.AccountId) is not { } actor ? Rejection.Forbidden(RejectionCodes.UnknownActor, "The calling account does not exist in this installation.")
            : inputs.Actor.ActingAsAccountId is not null
                ? Rejection.Invalid(RejectionCodes.ImpersonationWhileActingAs, "Begin an impersonation as yourself: send BeginImpersonation without X-Act-As (act-as).")
                : Decide(inputs.Chain, actor, superuser, this, inputs.Now);
    }

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

        return Decision.Accept(PendingEvent.ForTenant(target.Id, new ImpersonationBegan(target.Id, actor.Id, superuser.Id, now + ImpersonationSession.Length)));
    }
}
