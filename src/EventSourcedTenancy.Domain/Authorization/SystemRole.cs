using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Authorization;

/// <summary>
/// The system roles of docs/product.md (sources in docs/seeds.md). They cannot be deleted; tenants add
/// custom roles.
/// </summary>
public enum SystemRole
{
    Owner,
    Administrator,
    Manager,
    Operator,
    Auditor,
    Viewer,
    BusinessAdmin,
    WorkspaceAdmin,
    WorkspaceAuditor,
    User,
}

/// <summary>Whether a role applies tenant-wide or only inside one workspace.</summary>
public enum RoleScope
{
    Tenant,
    Workspace,
}

/// <summary>A system role: its rank (higher is more authority), scope and capability set.</summary>
public sealed record RoleDefinition(SystemRole Role, int Rank, RoleScope Scope, IReadOnlySet<Capability> Capabilities, string Source)
{
    /// <summary>Administrative roles give management-portal access; only <see cref="SystemRole.User"/> does not.</summary>
    public bool IsAdministrative => Role != SystemRole.User;
}

/// <summary>
/// The system roles as named capability sets. Rank orders them for display and for picking the
/// lowest role (least privilege); no-escalation compares capability sets, not ranks, because the
/// sets are not totally ordered (a BusinessAdmin is neither above nor below an Operator).
/// </summary>
public static class SystemRoles
{
    public static RoleDefinition Owner { get; } = new(
        SystemRole.Owner, 100, RoleScope.Tenant,
        // Seed 003: "Has every capability". Privilege-only capabilities (Impersonate) come from seed 004's
        // function privileges, never from a role.
        CapabilitySet.Except(CapabilitySet.All, FunctionPrivileges.PrivilegeOnlyCapabilities),
        "seeds 003, 000");

    public static RoleDefinition Administrator { get; } = new(
        SystemRole.Administrator, 90, RoleScope.Tenant,
        // Seed 003: "Everything except the destructive / billing-level operations". Seed 004's per-tenant
        // service administration comes to an Administrator through function privileges an Owner grants.
        CapabilitySet.Except(Owner.Capabilities, OwnerOnly.Capabilities.Concat(FunctionPrivileges.ServiceAdministrationCapabilities)),
        "seeds 003, 002 (Super Admin), 001");

    public static RoleDefinition BusinessAdmin { get; } = new(
        SystemRole.BusinessAdmin, 70, RoleScope.Tenant,
        // Seed 002: "onboard and manage all organizations via the delegated admin portal".
        CapabilitySet.Of(
            Capability.ViewUsers, Capability.CreateTenants, Capability.ChangeManagementMode,
            Capability.ViewReports, Capability.CreateUsageReports, Capability.ViewObservability),
        "seed 002");

    public static RoleDefinition Manager { get; } = new(
        SystemRole.Manager, 60, RoleScope.Tenant,
        // Seed 000 "What a tenant manager can do". No ManageAdministratorAccounts, InviteMembers or
        // ChangeMemberRoles: managers act on standard tenant-user accounts only. No GdprDeleteUsers:
        // the decision guide keeps managers to changes that are "operational and reversible".
        CapabilitySet.Of(
            Capability.ViewUsers, Capability.CreateAccounts, Capability.CreateEditDeleteUsers,
            Capability.SuspendUsers, Capability.ResetPassword, Capability.ForceMfaReset,
            Capability.PerformMfaRecovery, Capability.ViewObservability, Capability.ViewBillingAnalytics,
            Capability.ManageWorkspaces, Capability.ViewWorkspaces, Capability.ManageWorkspaceResources,
            Capability.ManageServices),
        "seed 000");

    public static RoleDefinition Operator { get; } = new(
        SystemRole.Operator, 50, RoleScope.Tenant,
        // Seed 003 Operator.
        CapabilitySet.Of(
            Capability.ViewUsers, Capability.ResetPassword, Capability.ForceMfaReset, Capability.SuspendUsers,
            Capability.ViewApplications, Capability.RotateSecrets, Capability.ViewAudit, Capability.ExportAudit,
            Capability.PerformMfaRecovery, Capability.TestIps, Capability.ViewReports),
        "seed 003");

    public static RoleDefinition Auditor { get; } = new(
        SystemRole.Auditor, 40, RoleScope.Tenant,
        // Seed 002: "read-only access to tenant resources"; docs/product.md: audit export included.
        CapabilitySet.Of(
            Capability.ViewUsers, Capability.ViewApplications, Capability.ViewAudit, Capability.ExportAudit,
            Capability.ViewReports, Capability.ViewConfigurations, Capability.ViewObservability,
            Capability.ViewWorkspaces),
        "seed 002");

    public static RoleDefinition Viewer { get; } = new(
        SystemRole.Viewer, 30, RoleScope.Tenant,
        // Seed 003 Viewer.
        CapabilitySet.Of(
            Capability.ViewUsers, Capability.ViewApplications, Capability.ViewAudit, Capability.ViewReports,
            Capability.ViewConfigurations),
        "seed 003");

    public static RoleDefinition WorkspaceAdmin { get; } = new(
        SystemRole.WorkspaceAdmin, 20, RoleScope.Workspace,
        // Seed 002: "full access to workspace resources"; may assign workspace administrators.
        CapabilitySet.Of(
            Capability.ViewWorkspaces, Capability.ManageWorkspaceResources, Capability.AssignWorkspaceRoles,
            Capability.InviteMembers, Capability.ViewAudit),
        "seed 002");

    public static RoleDefinition WorkspaceAuditor { get; } = new(
        SystemRole.WorkspaceAuditor, 10, RoleScope.Workspace,
        // Seed 002: "read-only access to workspace resources".
        CapabilitySet.Of(Capability.ViewWorkspaces, Capability.ViewAudit),
        "seed 002");

    public static RoleDefinition User { get; } = new(
        SystemRole.User, 0, RoleScope.Tenant,
        // Seed 001 "Users" column: download and install the software, manage (use) services. No
        // administrative capability (docs/product.md).
        CapabilitySet.Of(Capability.DownloadSoftware, Capability.ManageServices),
        "seeds 000, 001");

    public static IReadOnlyList<RoleDefinition> All { get; } =
        [Owner, Administrator, BusinessAdmin, Manager, Operator, Auditor, Viewer, WorkspaceAdmin, WorkspaceAuditor, User];

    public static RoleDefinition Of(SystemRole role) => role switch
    {
        SystemRole.Owner => Owner,
        SystemRole.Administrator => Administrator,
        SystemRole.Manager => Manager,
        SystemRole.Operator => Operator,
        SystemRole.Auditor => Auditor,
        SystemRole.Viewer => Viewer,
        SystemRole.BusinessAdmin => BusinessAdmin,
        SystemRole.WorkspaceAdmin => WorkspaceAdmin,
        SystemRole.WorkspaceAuditor => WorkspaceAuditor,
        SystemRole.User => User,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown system role."),
    };

    public static bool IsWorkspaceRole(SystemRole role) => Of(role).Scope == RoleScope.Workspace;
}
