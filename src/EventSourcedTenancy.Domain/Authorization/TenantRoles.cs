using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Authorization;

/// <summary>Resolves a tenant role (system or custom) to its capabilities.</summary>
public static class TenantRoles
{
    /// <summary>The role's capabilities, or null when it names a custom role the tenant does not define.</summary>
    public static IReadOnlySet<Capability>? CapabilitiesOf(RoleRef role, Tenant home)
    {
        if (role.CustomRoleId is { } customId)
        {
            return home.FindCustomRole(customId) is { } custom ? CapabilitySet.Of(custom.Capabilities) : null;
        }

        return role.Role is { } system ? SystemRoles.Of(system).Capabilities : null;
    }

    public static string NameOf(RoleRef role, Tenant home) =>
        role.CustomRoleId is { } customId
            ? home.FindCustomRole(customId)?.Name ?? $"unknown custom role {customId}"
            : role.Role?.ToString() ?? "no role";
}
