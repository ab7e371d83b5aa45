using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Which tenant kinds may sit under which (docs/product.md; docs/seeds.md, seed 001), and which kinds
/// have a management mode.
/// The Infrastructure tenant is the root and is created only by CreateInstallation.
/// </summary>
public static class TenantHierarchy
{
    public static IReadOnlyDictionary<TenantKind, IReadOnlyList<TenantKind>> AllowedChildren { get; } =
        new Dictionary<TenantKind, IReadOnlyList<TenantKind>>
        {
            [TenantKind.Infrastructure] = [TenantKind.Partner, TenantKind.Customer],
            [TenantKind.Partner] = [TenantKind.Partner, TenantKind.Folder, TenantKind.Customer],
            [TenantKind.Folder] = [TenantKind.Partner, TenantKind.Customer],
            [TenantKind.Customer] = [TenantKind.Unit],
            [TenantKind.Unit] = [TenantKind.Unit],
        };

    public static Rejection? CheckChild(Tenant parent, TenantKind childKind)
    {
        if (childKind == TenantKind.Infrastructure)
        {
            return Rejection.Invalid(RejectionCodes.InvalidTenantKind, "An Infrastructure tenant is created once, by CreateInstallation, and has no parent.");
        }

        return AllowedChildren[parent.Kind].Contains(childKind)
            ? null
            : Rejection.Conflict(
                RejectionCodes.ChildKindNotAllowed,
                $"A {parent.Kind} tenant can hold {string.Join(" or ", AllowedChildren[parent.Kind])} tenants, not {childKind}; create it under a suitable parent.");
    }

    /// <summary>Seed 001: management mode exists on Partner and Customer tenants.</summary>
    public static bool HasManagementMode(TenantKind kind) => kind is TenantKind.Partner or TenantKind.Customer;

    public static Rejection? CheckManagementMode(TenantKind kind, ManagementMode? mode) =>
        mode is null || HasManagementMode(kind)
            ? null
            : Rejection.Conflict(RejectionCodes.NoManagementMode, $"A {kind} tenant has no management mode; only Partner and Customer tenants do.");
}
