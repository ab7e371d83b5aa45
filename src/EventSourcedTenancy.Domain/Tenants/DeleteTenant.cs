using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Owner-only (docs/seeds.md, seed 003): delete the tenant, confirmed by typing its name back.
/// </summary>
public sealed record DeleteTenant(Guid TenantId, string ConfirmationName, string? Reason)
{
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

        return Decision.Accept(PendingEvent.ForTenant(tenant.Id, new TenantDeleted(tenant.Id, command.Reason)));
    }
}
