namespace EventSourcedTenancy.Authorization;

/// <summary>Seed 004's function privileges (docs/seeds.md). An account holds them per tenant.</summary>
public enum FunctionPrivilege
{
    UserAdministrator,
    Impersonation,
    TenantAdministrator,
    TechnicalConfigurationAdministrator,
    LicenseAdministrator,
    AnalysisAdministrator,
    ArcmAdministrator,
    CollaborationAdministrator,
    DatabaseAdministrator,
    DashboardAdministrator,
    DocumentAdministrator,
    PortalAdministrator,
    ProcessGovernanceAdministrator,
    ServerAdministrator,
}

/// <summary>A function privilege held by an account in one tenant.</summary>
public sealed record FunctionPrivilegeGrant(Guid TenantId, FunctionPrivilege Privilege);

/// <summary>The capabilities each function privilege confers (seed 004).</summary>
public static class FunctionPrivileges
{
    /// <summary>Capabilities that no role confers: only a function privilege does.</summary>
    public static IReadOnlySet<Capability> PrivilegeOnlyCapabilities { get; } = CapabilitySet.Of(Capability.Impersonate);

    /// <summary>
    /// Seed 004's per-tenant service administration: held through a role at home, but in any other tenant
    /// only through a function privilege granted there ("the number of function privileges depends on the
    /// relevant tenant's licenses"), so it is never inherited from an ancestor.
    /// </summary>
    public static IReadOnlySet<Capability> ServiceAdministrationCapabilities { get; } = CapabilitySet.Of(
        Capability.ManageTechnicalConfiguration, Capability.ManageLicenses, Capability.AdministerAnalysis, Capability.AdministerArcm,
        Capability.AdministerCollaboration, Capability.AdministerDatabase, Capability.AdministerDashboards, Capability.AdministerDocuments,
        Capability.AdministerPortal, Capability.AdministerProcessGovernance, Capability.AdministerServer);

    /// <summary>Seed 004: what the superuser needs in the infrastructure tenant for tenant management.</summary>
    public static IReadOnlyList<FunctionPrivilege> RequiredOfSuperuserInInfrastructure { get; } =
    [
        FunctionPrivilege.UserAdministrator,
        FunctionPrivilege.Impersonation,
        FunctionPrivilege.TenantAdministrator,
        FunctionPrivilege.TechnicalConfigurationAdministrator,
    ];

    /// <summary>
    /// Seed 004 lists twelve privileges for the superuser in each operational tenant, but says "the number
    /// depends on the tenant's licenses"; a missing licensed one narrows what is backed up, it does not
    /// stop tenant management. So the licence-independent ones are required; the rest widen the scope.
    /// </summary>
    public static IReadOnlyList<FunctionPrivilege> RequiredOfSuperuserInOperationalTenant { get; } =
    [
        FunctionPrivilege.UserAdministrator,
        FunctionPrivilege.TechnicalConfigurationAdministrator,
    ];

    /// <summary>Seed 004: privileges the superuser holds in the infrastructure tenant from the start.</summary>
    public static IReadOnlyList<FunctionPrivilege> SuperuserDefaultsInInfrastructure { get; } =
        [.. RequiredOfSuperuserInInfrastructure, FunctionPrivilege.LicenseAdministrator];

    public static IReadOnlySet<Capability> CapabilitiesOf(FunctionPrivilege privilege) => privilege switch
    {
        FunctionPrivilege.UserAdministrator => CapabilitySet.Of(
            Capability.ViewUsers, Capability.CreateAccounts, Capability.CreateEditDeleteUsers, Capability.SuspendUsers,
            Capability.ResetPassword, Capability.ForceMfaReset, Capability.InviteMembers, Capability.ChangeMemberRoles,
            Capability.ManageAdministratorAccounts, Capability.GrantFunctionPrivileges),
        FunctionPrivilege.Impersonation => CapabilitySet.Of(Capability.Impersonate),
        FunctionPrivilege.TenantAdministrator => CapabilitySet.Of(
            Capability.CreateTenants, Capability.ChangeManagementMode, Capability.DefineImpersonationTargets),
        FunctionPrivilege.TechnicalConfigurationAdministrator => CapabilitySet.Of(
            Capability.ManageTechnicalConfiguration, Capability.ManageServices, Capability.ViewConfigurations),
        FunctionPrivilege.LicenseAdministrator => CapabilitySet.Of(Capability.ManageLicenses),
        FunctionPrivilege.AnalysisAdministrator => CapabilitySet.Of(Capability.AdministerAnalysis),
        FunctionPrivilege.ArcmAdministrator => CapabilitySet.Of(Capability.AdministerArcm),
        FunctionPrivilege.CollaborationAdministrator => CapabilitySet.Of(Capability.AdministerCollaboration),
        FunctionPrivilege.DatabaseAdministrator => CapabilitySet.Of(Capability.AdministerDatabase),
        FunctionPrivilege.DashboardAdministrator => CapabilitySet.Of(Capability.AdministerDashboards),
        FunctionPrivilege.DocumentAdministrator => CapabilitySet.Of(Capability.AdministerDocuments),
        FunctionPrivilege.PortalAdministrator => CapabilitySet.Of(Capability.AdministerPortal),
        FunctionPrivilege.ProcessGovernanceAdministrator => CapabilitySet.Of(Capability.AdministerProcessGovernance),
        FunctionPrivilege.ServerAdministrator => CapabilitySet.Of(Capability.AdministerServer),
        _ => throw new ArgumentOutOfRangeException(nameof(privilege), privilege, "Unknown function privilege."),
    };
}
