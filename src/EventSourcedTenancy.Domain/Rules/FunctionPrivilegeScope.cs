using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Seed 004 (docs/seeds.md): function privileges are held per tenant, by administrator accounts, in their
/// home tenant or in a tenant below it (the superuser holds privileges in every operational tenant). The
/// Impersonation privilege exists only in the Infrastructure tenant, for accounts created there.
/// </summary>
public static class FunctionPrivilegeScope
{
    /// <param name="target">The account to hold the privilege.</param>
    /// <param name="chain">The tenants from the root down to the tenant the privilege applies in.</param>
    /// <param name="privilege">The privilege.</param>
    public static Rejection? Check(Account target, IReadOnlyList<Tenant> chain, FunctionPrivilege privilege)
    {
        if (!Enum.IsDefined(privilege))
        {
            return Rejection.Invalid(RejectionCodes.InvalidPrivilegeScope, $"'{privilege}' is not a function privilege.");
        }

        if (target.Kind != AccountKind.Administrator)
        {
            return Rejection.Conflict(RejectionCodes.UserAccountRole, "Function privileges are for administrator accounts; a user account has service access only.");
        }

        var tenant = chain[^1];
        if (!chain.Any(t => t.Id == target.TenantId))
        {
            return Rejection.Conflict(
                RejectionCodes.DifferentTenant,
                $"The account belongs to a tenant that is not '{tenant.Name}' or above it; privileges apply in the account's home tenant or below.");
        }

        return privilege == FunctionPrivilege.Impersonation && (tenant.Kind != TenantKind.Infrastructure || target.TenantId != tenant.Id)
            ? Rejection.Invalid(
                RejectionCodes.InvalidPrivilegeScope,
                "The Impersonation privilege is granted in the Infrastructure tenant, to accounts created there.")
            : null;
    }
}
