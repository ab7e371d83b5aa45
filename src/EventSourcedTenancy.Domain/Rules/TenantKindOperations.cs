using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Seed 001's operations table by tenant kind (docs/seeds.md): customer and unit administrators do not
/// configure branding; partner and folder administrators do not download and install the software ("they
/// can create a customer administrator or user account for themselves"). Infrastructure administrators are
/// on the provider side, like partners. Applied by the resolver to an administrator's role capabilities
/// according to the kind of the administrator's home tenant, both at home and where inherited.
/// </summary>
public static class TenantKindOperations
{
    /// <summary>Capabilities that depend on where an administrator sits rather than on their authority.</summary>
    public static IReadOnlySet<Capability> KindScoped { get; } = CapabilitySet.Of(Capability.DownloadSoftware, Capability.ConfigureBranding);

    public static IReadOnlySet<Capability> WithheldFromAdministratorsOf(TenantKind homeKind) => homeKind switch
    {
        TenantKind.Customer or TenantKind.Unit => CapabilitySet.Of(Capability.ConfigureBranding),
        TenantKind.Partner or TenantKind.Folder or TenantKind.Infrastructure => CapabilitySet.Of(Capability.DownloadSoftware),
        _ => CapabilitySet.Empty,
    };
}
