using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Seed 003 custom roles (docs/seeds.md): a tenant's named mix of capabilities, e.g. "Branding editor". A
/// custom role may not reuse a system role's or another custom role's name, may not hold owner-only or
/// privilege-only capabilities (an Owner is made only by PromoteToOwner), and needs at least one
/// capability. <see cref="Check"/> judges the definition alone; whether the name is free in the tenant
/// (<see cref="NameIsFree"/>) is looked up only once the actor's authority is settled.
/// </summary>
public static class CustomRoleDefinition
{
    public const int MaxNameLength = 64;

    public static Rejection? Check(string name, IReadOnlyCollection<Capability> capabilities)
    {
        if (InputValidation.Name(name, "Role name", MaxNameLength) is { } invalid)
        {
            return invalid;
        }

        if (Enum.GetNames<SystemRole>().Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
        {
            return Rejection.Invalid(RejectionCodes.InvalidCustomRole, $"'{name}' is a system role; choose another name.");
        }

        if (capabilities.Count == 0 || capabilities.Any(c => !Enum.IsDefined(c)))
        {
            return Rejection.Invalid(RejectionCodes.InvalidCustomRole, "A custom role needs at least one capability from the catalog.");
        }

        var reserved = capabilities.Where(c => OwnerOnly.Capabilities.Contains(c) || FunctionPrivileges.PrivilegeOnlyCapabilities.Contains(c)).Distinct().ToList();
        return reserved.Count == 0
            ? null
            : Rejection.Invalid(
                RejectionCodes.InvalidCustomRole,
                $"A custom role cannot hold {string.Join(", ", reserved)}: those belong to Owners or to function privileges only.");
    }

    public static Rejection? NameIsFree(Tenant tenant, string name) =>
        tenant.CustomRoles.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ? Rejection.Conflict(RejectionCodes.AlreadyExists, $"The tenant already has a custom role named '{name}'; choose another name.")
            : null;
}
