using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Seed 001 (docs/seeds.md): branding is configured by Partner and Folder administrators (a Folder
/// groups tenants for separate offerings or branding), so it is set on Partner and Folder tenants only.
/// </summary>
public static class BrandingScope
{
    public static Rejection? Check(Tenant tenant) =>
        tenant.Kind is TenantKind.Partner or TenantKind.Folder
            ? null
            : Rejection.Conflict(
                RejectionCodes.BrandingNotAllowed,
                $"Branding is set on Partner and Folder tenants; '{tenant.Name}' is a {tenant.Kind} tenant. Configure it on the Partner or Folder above it.");
}
