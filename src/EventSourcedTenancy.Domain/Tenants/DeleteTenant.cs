using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Owner-only (docs/seeds.md, seed 003): delete the tenant, confirmed by typing its name back.
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/delete", "Deletes the tenant (Owners only); confirm by typing the tenant's name. Reason in the body or X-Reason.", ReasonMember = nameof(Reason))]
public sealed record DeleteTenant(Guid TenantId, string ConfirmationName, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId) with { CountLiveChildren = true };

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, inputs.LiveChildren, this, inputs.Actor, inputs.Now));
    }

    /// <param name="tenant">The tenant.</param>
    /// <param name="liveChildTenants">How many live tenants have this one as parent.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the tenant.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(Tenant tenant, int liveChildTenants, DeleteTenant command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Reason(command.Reason)
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? OwnerOnly.Require(actor, Capability.DeleteTenant, "delete the tenant")
            ?? TenantLifecycle.CheckDeletion(tenant, command.ConfirmationName, liveChildTenants);
        if (rejection is not null)
        {
            return rejection;
        }

        // The tenant's federation client secrets and audit stream signing secrets go with it (docs/federation.md).
        return Decision.Accept(PendingEvent.ForTenant(tenant.Id, new TenantDeleted(tenant.Id, command.Reason)))
            .WithSealedSecrets(tenant.FederationConnections.Where(c => c.HasClientSecret).Select(c => new SealedSecretChange(c.Id, tenant.Id, null))
                .Concat(tenant.AuditStreams.Select(s => new SealedSecretChange(s.Id, tenant.Id, null))));
    }
}
