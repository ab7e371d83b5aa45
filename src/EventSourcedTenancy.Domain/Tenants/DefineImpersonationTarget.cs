using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 004 (docs/seeds.md): define the superuser as a target for impersonation in an operational tenant.
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/impersonation-targets", "Defines the superuser as a target for impersonation in this operational tenant (seed 004).")]
public sealed record DefineImpersonationTarget(Guid TenantId, Guid SuperuserAccountId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId) with { OtherAccounts = [SuperuserAccountId] };

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Tenant is not { } tenant ? Missing.Tenant(TenantId)
            : inputs.AccountById(SuperuserAccountId) is not { } superuser ? Missing.Account(SuperuserAccountId)
            : Decide(tenant, inputs.Chain[0], superuser, this, inputs.Actor, inputs.Now);
    }

    /// <param name="tenant">The operational tenant.</param>
    /// <param name="infrastructure">The installation's Infrastructure tenant.</param>
    /// <param name="superuser">The account to become an impersonation target.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in <paramref name="tenant"/>.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(
        Tenant tenant, Tenant infrastructure, Account superuser, DefineImpersonationTarget command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            (command.TenantId == tenant.Id && command.SuperuserAccountId == superuser.Id
                ? null
                : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the tenant and the account the command names."))
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.DefineImpersonationTargets, "define impersonation targets")
            ?? (tenant.Kind == TenantKind.Infrastructure
                ? Rejection.Conflict(RejectionCodes.InfrastructureTenant, "Impersonation targets are defined in operational tenants, not in the Infrastructure tenant.")
                : null)
            ?? (infrastructure.Kind == TenantKind.Infrastructure && superuser.TenantId == infrastructure.Id && superuser.Kind == AccountKind.Administrator
                ? null
                : Rejection.Conflict(RejectionCodes.DifferentTenant, "The impersonation target must be an administrator account of the Infrastructure tenant (the superuser)."))
            ?? AccountLifecycle.Check(superuser, AccountTransition.Impersonate);
        if (rejection is not null)
        {
            return rejection;
        }

        return tenant.ImpersonationTargets.Contains(superuser.Id)
            ? Decision.Accept()
            : Decision.Accept(PendingEvent.ForTenant(tenant.Id, new ImpersonationTargetDefined(tenant.Id, superuser.Id)));
    }
}
