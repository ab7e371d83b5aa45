namespace EventSourcedTenancy.Authorization;

/// <summary>
/// The one catalog of things an actor may do in a tenant. A role is a named set of these; a function
/// privilege confers some of these. The comment on each names the seed line it comes from (seeds:
/// docs/seeds.md; product: docs/product.md).
/// </summary>
public enum Capability
{
    // Seed 003, capability matrix (Users).
    ViewUsers,
    /// <summary>Seed 003 "Create / edit / delete users" (Operator holds only <see cref="SuspendUsers"/>).</summary>
    CreateEditDeleteUsers,
    /// <summary>Seed 003 "partial (suspend only)": suspend / re-enable.</summary>
    SuspendUsers,
    ResetPassword,
    ForceMfaReset,
    BulkImportExportUsers,
    GdprDeleteUsers,

    // Seed 003, capability matrix (Applications).
    ViewApplications,
    ManageApplications,
    RotateSecrets,

    // Seed 003, capability matrix (Authentication, MFA) and its prose.
    ConfigureAuthenticationPolicy,
    ManageFederationConnections,
    ConfigureMfaEnforcement,
    ManageCustomMfaFactors,
    PerformMfaRecovery,

    // Seed 003, capability matrix (Audit).
    ViewAudit,
    ExportAudit,
    ConfigureAuditStreaming,

    // Seed 003, capability matrix (Members).
    InviteMembers,
    ChangeMemberRoles,

    // Seed 003 prose: threat intelligence, reports, configurations.
    ManageThreatFeeds,
    TestIps,
    ViewReports,
    ConfigureReports,
    ViewConfigurations,

    // Seed 001, operations table.
    CreateTenants,
    CreateAccounts,
    DownloadSoftware,
    ManageServices,
    CreateUsageReports,
    ConfigureBranding,

    // Seed 000, tenant manager scope.
    /// <summary>Act on administrator (member) accounts at all; managers may act on tenant-user accounts only.</summary>
    ManageAdministratorAccounts,
    ViewObservability,
    ViewBillingAnalytics,
    /// <summary>Workspaces / managed groups (seeds 000, 002).</summary>
    ManageWorkspaces,
    ViewWorkspaces,
    ManageWorkspaceResources,
    AssignWorkspaceRoles,

    // Tenancy administration (docs/product.md).
    ChangeManagementMode,
    RestrictAncestorAccess,
    DefineCustomRoles,
    GrantFunctionPrivileges,
    DefineImpersonationTargets,

    // Owner-only (seeds 000, 002, 003; docs/product.md).
    DeleteTenant,
    TransferOwnership,
    ChangeBillingSettings,
    /// <summary>
    /// Seed 002 "Set login methods for tenant administrators"; owner-only per docs/product.md.
    /// </summary>
    SetAdminSignInMethods,
    /// <summary>
    /// Seed 002 "Set password policy for tenant administrators"; owner-only per docs/product.md.
    /// </summary>
    SetAdminPasswordPolicy,
    /// <summary>MFA enforcement for the tenant's administrators; owner-only per docs/product.md.</summary>
    EnforceAdminMfa,
    /// <summary>Appoint, demote or otherwise act on Owner accounts: "only an Owner makes an Owner".</summary>
    ManageOwners,

    // Seed 004, conferred by function privileges.
    Impersonate,
    ManageTechnicalConfiguration,
    ManageLicenses,
    AdministerAnalysis,
    AdministerArcm,
    AdministerCollaboration,
    AdministerDatabase,
    AdministerDashboards,
    AdministerDocuments,
    AdministerPortal,
    AdministerProcessGovernance,
    AdministerServer,
}
