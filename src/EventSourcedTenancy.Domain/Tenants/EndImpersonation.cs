using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 004: the actor ends its impersonation session in this tenant before it runs out. Only the account
/// that began a session ends it, as itself (without X-Act-As).
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/impersonation/end", "Ends the caller's impersonation session in this tenant (sessions also end by themselves after 30 minutes).")]
public sealed record EndImpersonation(Guid TenantId, Guid SuperuserAccountId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, EndImpersonation command, ActorContext actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.ActingAsAccountId is not null)
        {
            return Rejection.Invalid(RejectionCodes.ImpersonationWhileActingAs, "End an impersonation as yourself: send EndImpersonation without X-Act-As (act-as).");
        }

        if (tenant.OpenSession(actor.AccountId, command.SuperuserAccountId, now) is not null)
        {
            return Decision.Accept(PendingEvent.ForTenant(tenant.Id,
                new ImpersonationEnded(tenant.Id, actor.AccountId, command.SuperuserAccountId, ImpersonationEnd.Ended)));
        }

        // Someone else's session is not the caller's to end; without any, there is nothing to end.
        return tenant.ImpersonationSessions.Any(s => s.ActingAsAccountId == command.SuperuserAccountId && s.IsOpenAt(now))
            ? Rejection.Forbidden(RejectionCodes.NotYourImpersonation, "Only the account that began an impersonation session ends it.")
            : Rejection.Conflict(RejectionCodes.ImpersonationNotActive, "You have no open impersonation session here; there is nothing to end.");
    }

    /// <summary>The sessions of the tenant that ran out of time by <paramref name="now"/>, each ended as expired.</summary>
    public static IReadOnlyList<PendingEvent> Expire(Tenant tenant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return [.. tenant.ImpersonationSessions
            .Where(s => !s.IsOpenAt(now))
            .Select(s => PendingEvent.ForTenant(tenant.Id, new ImpersonationEnded(tenant.Id, s.ActorAccountId, s.ActingAsAccountId, ImpersonationEnd.Expired)))];
    }
}
