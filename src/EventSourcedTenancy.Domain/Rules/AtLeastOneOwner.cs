using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// A live tenant always has at least one active Owner (docs/product.md). The tenant's own owner set
/// decides, so two concurrent demotions conflict on the tenant stream's version instead of both
/// succeeding.
/// </summary>
public static class AtLeastOneOwner
{
    /// <summary>Rejects when <paramref name="accountId"/> is the tenant's only active Owner.</summary>
    public static Rejection? CheckWithdrawal(Tenant tenant, Guid accountId, string doing) =>
        tenant.IsActiveOwner(accountId) && tenant.ActiveOwners.Count <= 1
            ? Rejection.Conflict(
                RejectionCodes.LastOwner,
                $"This account is the last active Owner of '{tenant.Name}'; make another Owner (or transfer ownership) before you {doing}.")
            : null;
}
