using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Nothing changes in a deleted tenant. Deleting needs the tenant's name typed back, no live child
/// tenants, and is never possible for the Infrastructure tenant (the installation's root).
/// </summary>
public static class TenantLifecycle
{
    /// <summary>
    /// Checked before authority (nobody holds any in a deleted tenant), so it names nothing: the caller
    /// learns only that the tenant it named is deleted.
    /// </summary>
    public static Rejection? MustBeLive(Tenant tenant) =>
        tenant.IsLive
            ? null
            : Rejection.Conflict(RejectionCodes.TenantDeleted, "The tenant is deleted; nothing can change in it.");

    public static Rejection? CheckDeletion(Tenant tenant, string? typedName, int liveChildTenants)
    {
        if (!string.Equals(typedName, tenant.Name, StringComparison.Ordinal))
        {
            return Rejection.Invalid(
                RejectionCodes.ConfirmationMismatch,
                $"To confirm, type the tenant's name exactly as it is: '{tenant.Name}'.");
        }

        if (tenant.Kind == TenantKind.Infrastructure)
        {
            return Rejection.Conflict(RejectionCodes.InfrastructureTenant, "The Infrastructure tenant is the root of the installation and cannot be deleted.");
        }

        return liveChildTenants > 0
            ? Rejection.Conflict(
                RejectionCodes.TenantHasChildren,
                $"'{tenant.Name}' still has {liveChildTenants} live child tenant(s); delete or move them first.")
            : null;
    }
}
