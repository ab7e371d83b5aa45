using EventSourcedTenancy.Authorization;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// A tenant as a caller may read it: every caller with some authority in the tenant sees what it is (name,
/// kind, place in the hierarchy, management, branding, workspaces, custom roles); the rest comes in groups,
/// each shown only to a caller holding a capability that names it, and listed in <see cref="Withheld"/>
/// otherwise. A caller with no authority in the tenant reads nothing (the read answers as for an unknown id).
/// </summary>
/// <param name="Id">The tenant.</param>
/// <param name="ParentId">Its parent (null for the Infrastructure tenant).</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Name">Its name.</param>
/// <param name="ManagementMode">Who manages it (customers).</param>
/// <param name="AncestorAccessRestricted">Whether ancestors' administrators are kept out.</param>
/// <param name="IsDeleted">Whether it was deleted.</param>
/// <param name="Branding">Its branding (partners).</param>
/// <param name="Workspaces">Its workspaces.</param>
/// <param name="CustomRoles">Its custom roles.</param>
/// <param name="Owners">The active Owners: with ViewUsers.</param>
/// <param name="ImpersonationTargets">The superusers that may be impersonated here: with DefineImpersonationTargets or ViewAudit.</param>
/// <param name="Policy">Sign-in methods, password policy and MFA enforcement for administrators: with a capability that sets or configures them, or ViewConfigurations.</param>
/// <param name="Billing">The billing plan and invoice contact: with ChangeBillingSettings or ViewBillingAnalytics.</param>
/// <param name="EndUserPolicy">The end users' authentication policy: to the same readers as <paramref name="Policy"/>.</param>
/// <param name="Withheld">The groups this caller may not see.</param>
public sealed record TenantView(
    Guid Id,
    Guid? ParentId,
    TenantKind Kind,
    string Name,
    ManagementMode? ManagementMode,
    bool AncestorAccessRestricted,
    bool IsDeleted,
    Branding? Branding,
    IReadOnlyList<Workspace> Workspaces,
    IReadOnlyList<CustomRole> CustomRoles,
    IReadOnlyList<Guid>? Owners,
    IReadOnlyList<Guid>? ImpersonationTargets,
    TenantAdministratorPolicy? Policy,
    BillingSettings? Billing,
    AuthenticationPolicy? EndUserPolicy,
    IReadOnlyList<string> Withheld)
{
    public const string OwnersGroup = "owners";
    public const string ImpersonationTargetsGroup = "impersonationTargets";
    public const string PolicyGroup = "policy";
    public const string BillingGroup = "billing";
    public const string EndUserPolicyGroup = "endUserPolicy";

    private static readonly Capability[] PolicyReaders =
    [
        Capability.SetAdminSignInMethods, Capability.SetAdminPasswordPolicy, Capability.EnforceAdminMfa,
        Capability.ConfigureAuthenticationPolicy, Capability.ConfigureMfaEnforcement, Capability.ViewConfigurations,
    ];

    /// <summary>Whether the caller may read the tenant at all: some authority in it.</summary>
    public static bool MayRead(ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Capabilities.Count > 0;
    }

    /// <summary>The tenant as <paramref name="actor"/> (resolved in this tenant) may read it.</summary>
    public static TenantView Of(Tenant tenant, ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(actor);
        var withheld = new List<string>();
        T? Shown<T>(string group, bool allowed, T value)
            where T : class
        {
            if (!allowed)
            {
                withheld.Add(group);
            }

            return allowed ? value : null;
        }

        var owners = Shown(OwnersGroup, actor.Has(Capability.ViewUsers), tenant.ActiveOwners);
        var targets = Shown(ImpersonationTargetsGroup, actor.Has(Capability.DefineImpersonationTargets) || actor.Has(Capability.ViewAudit), tenant.ImpersonationTargets);
        var policy = Shown(PolicyGroup, PolicyReaders.Any(actor.Has),
            new TenantAdministratorPolicy(tenant.Policy.SignInMethods, tenant.Policy.PasswordPolicy, tenant.Policy.MfaEnforcement));
        var endUserPolicy = Shown(EndUserPolicyGroup, PolicyReaders.Any(actor.Has), tenant.EndUserPolicy);
        var mayReadBilling = actor.Has(Capability.ChangeBillingSettings) || actor.Has(Capability.ViewBillingAnalytics);
        if (!mayReadBilling)
        {
            withheld.Add(BillingGroup);
        }

        return new TenantView(
            tenant.Id, tenant.ParentId, tenant.Kind, tenant.Name, tenant.ManagementMode, tenant.AncestorAccessRestricted, tenant.IsDeleted,
            tenant.Branding, tenant.Workspaces, tenant.CustomRoles, owners, targets, policy, mayReadBilling ? tenant.Policy.Billing : null, endUserPolicy, withheld);
    }
}

/// <summary>The owner-only policy for a tenant's administrators, without billing.</summary>
public sealed record TenantAdministratorPolicy(IReadOnlyList<SignInMethod> SignInMethods, PasswordPolicy? PasswordPolicy, MfaEnforcement MfaEnforcement);
