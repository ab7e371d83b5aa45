using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>
/// Seed 002 (docs/seeds.md), "Manage tenant administrators": invite (with every tenant role and
/// workspace role it offers), assign a role, the admin status operations, and the workspace
/// administrator rules. Each row quotes its line. "Super Admin" is the Administrator role.
/// </summary>
public class Seed002AdministratorOperations
{
    private const string Seed = "002_3de3e955bc1e51fa.txt";

    private sealed record Scene(
        World World, Guid Tenant, Guid Workspace, Guid OtherWorkspace, Guid Owner, Guid SuperAdmin, Guid Auditor,
        Guid WorkspaceAdmin, Guid WorkspaceAuditor, Guid OtherWorkspaceAdmin, Guid Member, Guid User, Guid Viewer);

    private static Scene NewScene()
    {
        var world = World.WithInstallation();
        var tenant = world.NewTenant(TenantKind.Customer, name: "SecureAuth Tenant");
        var workspace = world.NewWorkspace(tenant, "Retail");
        var otherWorkspace = world.NewWorkspace(tenant, "Wholesale");
        var workspaceAdmin = world.NewAdmin(tenant, SystemRole.User);
        world.GivenWorkspaceRole(workspaceAdmin, workspace, SystemRole.WorkspaceAdmin);
        var workspaceAuditor = world.NewAdmin(tenant, SystemRole.User);
        world.GivenWorkspaceRole(workspaceAuditor, workspace, SystemRole.WorkspaceAuditor);
        var otherWorkspaceAdmin = world.NewAdmin(tenant, SystemRole.User);
        world.GivenWorkspaceRole(otherWorkspaceAdmin, otherWorkspace, SystemRole.WorkspaceAdmin);
        var member = world.NewAdmin(tenant, SystemRole.User);
        world.GivenWorkspaceRole(member, otherWorkspace, SystemRole.WorkspaceAuditor);
        return new Scene(
            world, tenant, workspace, otherWorkspace, world.OwnerOf(tenant), world.NewAdmin(tenant, SystemRole.Administrator),
            world.NewAdmin(tenant, SystemRole.Auditor), workspaceAdmin, workspaceAuditor, otherWorkspaceAdmin, member,
            world.NewUser(tenant), world.NewAdmin(tenant, SystemRole.Viewer));
    }

    private static InviteAdmin Invite(Scene s, RoleRef? role, Guid? workspace = null, SystemRole? workspaceRole = null, string email = "new.admin@secureauth.test") =>
        new(s.Tenant, email, "New", "Admin", role, workspace, workspaceRole);

    private static readonly Dictionary<string, Func<Scene, Decision>> Cases = new()
    {
        ["Super Admin invites an administrator"] = s => s.World.Decide(s.SuperAdmin, Invite(s, RoleRef.Of(SystemRole.Auditor))),
        ["Auditor invites an administrator"] = s => s.World.Decide(s.Auditor, Invite(s, RoleRef.Of(SystemRole.Auditor))),
        ["Viewer invites an administrator"] = s => s.World.Decide(s.Viewer, Invite(s, null)),
        ["Workspace Admin invites a tenant-level administrator"] = s => s.World.Decide(s.WorkspaceAdmin, Invite(s, RoleRef.Of(SystemRole.Auditor))),
        ["empty email"] = s => s.World.Decide(s.SuperAdmin, Invite(s, null, email: "")),
        ["malformed email"] = s => s.World.Decide(s.SuperAdmin, Invite(s, null, email: "not-an-email")),
        ["empty first name"] = s => s.World.Decide(s.SuperAdmin, Invite(s, null) with { FirstName = " " }),
        ["empty last name"] = s => s.World.Decide(s.SuperAdmin, Invite(s, null) with { LastName = "" }),
        ["Member with Workspace Admin"] = s => s.World.Decide(s.SuperAdmin, Invite(s, null, s.Workspace, SystemRole.WorkspaceAdmin)),
        ["Member with Workspace Auditor"] = s => s.World.Decide(s.SuperAdmin, Invite(s, null, s.Workspace, SystemRole.WorkspaceAuditor)),
        ["Member without a workspace"] = s => s.World.Decide(s.SuperAdmin, Invite(s, RoleRef.Of(SystemRole.User))),
        ["Member with an unknown workspace"] = s => s.World.Decide(s.SuperAdmin, Invite(s, null, Guid.NewGuid(), SystemRole.WorkspaceAdmin)),
        ["Auditor role"] = s => s.World.Decide(s.SuperAdmin, Invite(s, RoleRef.Of(SystemRole.Auditor))),
        ["Super Admin role"] = s => s.World.Decide(s.SuperAdmin, Invite(s, RoleRef.Of(SystemRole.Administrator))),
        ["Business Admin role"] = s => s.World.Decide(s.SuperAdmin, Invite(s, RoleRef.Of(SystemRole.BusinessAdmin))),
        ["Workspace Admin invites a Member into their workspace"] = s => s.World.Decide(s.WorkspaceAdmin, Invite(s, null, s.Workspace, SystemRole.WorkspaceAuditor)),
        ["Workspace Admin invites a Member into another workspace"] = s => s.World.Decide(s.WorkspaceAdmin, Invite(s, null, s.OtherWorkspace, SystemRole.WorkspaceAuditor)),
        ["Super Admin assigns a tenant role"] = s => s.World.Decide(s.SuperAdmin, new ChangeRole(s.Viewer, RoleRef.Of(SystemRole.Auditor))),
        ["Auditor assigns a tenant role"] = s => s.World.Decide(s.Auditor, new ChangeRole(s.Viewer, RoleRef.Of(SystemRole.Auditor))),
        ["Owner sets login methods"] = s => s.World.Decide(s.Owner, new ConfigureTenantPolicy(s.Tenant, [SignInMethod.Password, SignInMethod.Passkey], null, null, null)),
        ["Super Admin sets login methods"] = s => s.World.Decide(s.SuperAdmin, new ConfigureTenantPolicy(s.Tenant, [SignInMethod.Passkey], null, null, null)),
        ["Owner sets password policy"] = s => s.World.Decide(s.Owner, new ConfigureTenantPolicy(s.Tenant, null, new PasswordPolicy(14, true, true, true, 90), null, null)),
        ["Super Admin sets password policy"] = s => s.World.Decide(s.SuperAdmin, new ConfigureTenantPolicy(s.Tenant, null, new PasswordPolicy(14, true, true, true, 90), null, null)),
        ["Set to Inactive"] = s => s.World.Decide(s.SuperAdmin, new SetAdminInactive(s.Viewer, null)),
        ["Set to Deleted"] = s => s.World.Decide(s.SuperAdmin, new SetAccountDeleted(s.Viewer, null)),
        ["Reset Password"] = s => s.World.Decide(s.SuperAdmin, new ResetPassword(s.Viewer)),
        ["Delete User"] = s => s.World.Decide(s.SuperAdmin, new EraseAccount(s.Viewer, "privacy request")),
        ["Super Admin assigns a workspace role"] = s => s.World.Decide(s.SuperAdmin, new AssignWorkspaceRole(s.Viewer, s.Workspace, SystemRole.WorkspaceAdmin)),
        ["Workspace Admin assigns a role in their workspace"] = s => s.World.Decide(s.WorkspaceAdmin, new AssignWorkspaceRole(s.Viewer, s.Workspace, SystemRole.WorkspaceAuditor)),
        ["Workspace Admin assigns a role in another workspace"] = s => s.World.Decide(s.WorkspaceAdmin, new AssignWorkspaceRole(s.Viewer, s.OtherWorkspace, SystemRole.WorkspaceAuditor)),
        ["Workspace Auditor assigns a workspace role"] = s => s.World.Decide(s.WorkspaceAuditor, new AssignWorkspaceRole(s.Viewer, s.Workspace, SystemRole.WorkspaceAuditor)),
        ["Auditor assigns a workspace role"] = s => s.World.Decide(s.Auditor, new AssignWorkspaceRole(s.Viewer, s.Workspace, SystemRole.WorkspaceAuditor)),
        ["to a tenant administrator"] = s => s.World.Decide(s.WorkspaceAdmin, new AssignWorkspaceRole(s.SuperAdmin, s.Workspace, SystemRole.WorkspaceAuditor)),
        ["to a tenant auditor"] = s => s.World.Decide(s.WorkspaceAdmin, new AssignWorkspaceRole(s.Auditor, s.Workspace, SystemRole.WorkspaceAdmin)),
        ["to a member"] = s => s.World.Decide(s.WorkspaceAdmin, new AssignWorkspaceRole(s.Member, s.Workspace, SystemRole.WorkspaceAdmin)),
        ["to a user account"] = s => s.World.Decide(s.SuperAdmin, new AssignWorkspaceRole(s.User, s.Workspace, SystemRole.WorkspaceAdmin)),
        ["as Workspace Admin"] = s => s.World.Decide(s.SuperAdmin, new AssignWorkspaceRole(s.Viewer, s.Workspace, SystemRole.WorkspaceAdmin)),
        ["as Workspace Auditor"] = s => s.World.Decide(s.SuperAdmin, new AssignWorkspaceRole(s.Viewer, s.Workspace, SystemRole.WorkspaceAuditor)),
        ["as a tenant role"] = s => s.World.Decide(s.SuperAdmin, new AssignWorkspaceRole(s.Viewer, s.Workspace, SystemRole.Administrator)),
    };

    // Seed line | case | expected: accepted, or the rejection kind
    public static TheoryData<string, string, string, string> Rows() => new()
    {
        { Seed, "You must be a Tenant Admin to invite another tenant administrator.", "Super Admin invites an administrator", "accepted" },
        { Seed, "You must be a Tenant Admin to invite another tenant administrator.", "Auditor invites an administrator", "Forbidden" },
        { Seed, "You must be a Tenant Admin to invite another tenant administrator.", "Viewer invites an administrator", "Forbidden" },
        { Seed, "You must be a Tenant Admin to invite another tenant administrator.", "Workspace Admin invites a tenant-level administrator", "Forbidden" },
        { Seed, "Email – Email address for the administrator.", "empty email", "Invalid" },
        { Seed, "Email – Email address for the administrator.", "malformed email", "Invalid" },
        { Seed, "First / Last name – First and Last name of the administrator.", "empty first name", "Invalid" },
        { Seed, "First / Last name – First and Last name of the administrator.", "empty last name", "Invalid" },
        { Seed, "Member … Workspace Admin – Grants full access to workspace resources", "Member with Workspace Admin", "accepted" },
        { Seed, "Member … Workspace Auditor – Grants read-only access to workspace resources", "Member with Workspace Auditor", "accepted" },
        { Seed, "Member – Selecting Member lets you assign the workspace or organization they can manage.", "Member without a workspace", "Invalid" },
        { Seed, "Assigned workspace or organization – Choose the specific workspace", "Member with an unknown workspace", "NotFound" },
        { Seed, "Auditor – Grants read-only access to tenant resources", "Auditor role", "accepted" },
        { Seed, "Super Admin – Grants full access to tenant resources", "Super Admin role", "accepted" },
        { Seed, "Business Admin – Allows the admin to onboard and manage all organizations", "Business Admin role", "accepted" },
        { Seed, "Assign workspace administrators: Click Invite Admin. Enter the admin email and set the user role", "Workspace Admin invites a Member into their workspace", "accepted" },
        { Seed, "Assign workspace administrators: Click Invite Admin. Enter the admin email and set the user role", "Workspace Admin invites a Member into another workspace", "Forbidden" },
        { Seed, "Assign a role to a tenant administrator. In the Tenant role field, assign a role.", "Super Admin assigns a tenant role", "accepted" },
        { Seed, "Assign a role to a tenant administrator. In the Tenant role field, assign a role.", "Auditor assigns a tenant role", "Forbidden" },
        { Seed, "Set login methods for tenant administrators (owner-only per product.md)", "Owner sets login methods", "accepted" },
        { Seed, "Set login methods for tenant administrators (owner-only per product.md)", "Super Admin sets login methods", "Forbidden" },
        { Seed, "Set password policy for tenant administrators (owner-only per product.md)", "Owner sets password policy", "accepted" },
        { Seed, "Set password policy for tenant administrators (owner-only per product.md)", "Super Admin sets password policy", "Forbidden" },
        { Seed, "Set to Inactive – the tenant admin can no longer log in", "Set to Inactive", "accepted" },
        { Seed, "Set to Deleted – Marks the record as deleted without permanently removing it", "Set to Deleted", "accepted" },
        { Seed, "Reset Password – Reset the password for the tenant admin user account.", "Reset Password", "accepted" },
        { Seed, "Delete User – Permanently delete tenant admin user account", "Delete User", "accepted" },
        { Seed, "Only tenant or workspace administrators can perform this action.", "Super Admin assigns a workspace role", "accepted" },
        { Seed, "Only tenant or workspace administrators can perform this action.", "Workspace Admin assigns a role in their workspace", "accepted" },
        { Seed, "Only tenant or workspace administrators can perform this action.", "Workspace Admin assigns a role in another workspace", "Forbidden" },
        { Seed, "Only tenant or workspace administrators can perform this action.", "Workspace Auditor assigns a workspace role", "Forbidden" },
        { Seed, "Only tenant or workspace administrators can perform this action.", "Auditor assigns a workspace role", "Forbidden" },
        { Seed, "You can assign a workspace role to tenant administrators, auditors, and members.", "to a tenant administrator", "accepted" },
        { Seed, "You can assign a workspace role to tenant administrators, auditors, and members.", "to a tenant auditor", "accepted" },
        { Seed, "You can assign a workspace role to tenant administrators, auditors, and members.", "to a member", "accepted" },
        { Seed, "You can assign a workspace role to tenant administrators, auditors, and members.", "to a user account", "Conflict" },
        { Seed, "set the user role to one of following options: Workspace Admin", "as Workspace Admin", "accepted" },
        { Seed, "set the user role to one of following options: Workspace Auditor", "as Workspace Auditor", "accepted" },
        { Seed, "set the user role to one of following options (nothing else)", "as a tenant role", "Invalid" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void each_operation_is_decided_as_the_seed_says(string seed, string line, string @case, string expected)
    {
        var decision = Cases[@case](NewScene());
        var reason = $"{seed}, '{line}': {@case} → {expected}";
        if (expected == "accepted")
        {
            decision.IsAccepted.ShouldBeTrue($"{reason}, but {decision.Rejection}");
            decision.Events.ShouldNotBeEmpty(reason);
        }
        else
        {
            decision.ShouldBeRejected(Enum.Parse<RejectionKind>(expected));
        }
    }

    [Theory]
    [InlineData(Seed, "Member + Workspace Admin", null, SystemRole.WorkspaceAdmin, SystemRole.User)]
    [InlineData(Seed, "Member + Workspace Auditor", null, SystemRole.WorkspaceAuditor, SystemRole.User)]
    [InlineData(Seed, "Auditor", SystemRole.Auditor, null, SystemRole.Auditor)]
    [InlineData(Seed, "Super Admin", SystemRole.Administrator, null, SystemRole.Administrator)]
    [InlineData(Seed, "Business Admin", SystemRole.BusinessAdmin, null, SystemRole.BusinessAdmin)]
    [InlineData("product.md least privilege", "no role chosen", null, null, SystemRole.Viewer)]
    public void an_invitation_records_the_tenant_role_and_workspace_role(string seed, string option, SystemRole? role, SystemRole? workspaceRole, SystemRole recorded)
    {
        var s = NewScene();
        var decision = s.World.Execute(s.SuperAdmin, Invite(s, role is null ? null : RoleRef.Of(role.Value), workspaceRole is null ? null : s.Workspace, workspaceRole))
            .ShouldBeAccepted();
        var invited = decision.Events.Single().Event.ShouldBeOfType<AdminInvited>();
        invited.Role.ShouldBe(RoleRef.Of(recorded), $"{seed}: {option}");
        invited.WorkspaceRole.ShouldBe(workspaceRole);

        // "The system sends an email to the administrator with a link to activate their account."
        var account = s.World.Account(invited.AccountId);
        account.State.ShouldBe(AccountState.Invited);
        s.World.Execute(s.World.Actor(invited.AccountId, s.Tenant), new AcceptInvitation(invited.AccountId)).ShouldBeAccepted();
        s.World.Account(invited.AccountId).State.ShouldBe(AccountState.Active);
        if (workspaceRole is { } scoped)
        {
            var actor = s.World.Actor(invited.AccountId);
            actor.WorkspaceCapabilities[s.Workspace].ShouldBe(SystemRoles.Of(scoped).Capabilities);
            actor.Capabilities.ShouldNotContain(Capability.ViewWorkspaces, "a Member has no tenant-wide authority");
        }
    }

    [Fact]
    public void set_to_inactive_means_the_administrator_can_no_longer_act()
    {
        var s = NewScene();
        s.World.Execute(s.SuperAdmin, new SetAdminInactive(s.Viewer, null)).ShouldBeAccepted();
        s.World.Actor(s.Viewer).Capabilities.ShouldBeEmpty();
        s.World.Actor(s.Viewer).Source.ShouldBe(AuthoritySource.None);
    }

    [Fact]
    public void set_to_deleted_is_recoverable_and_delete_user_is_not()
    {
        var s = NewScene();
        s.World.Execute(s.SuperAdmin, new SetAccountDeleted(s.Viewer, null)).ShouldBeAccepted();
        s.World.Execute(s.SuperAdmin, new RestoreAccount(s.Viewer)).ShouldBeAccepted();
        s.World.Account(s.Viewer).State.ShouldBe(AccountState.Active);

        s.World.Execute(s.SuperAdmin, new EraseAccount(s.Viewer, "privacy request")).ShouldBeAccepted();
        var erased = s.World.Account(s.Viewer);
        erased.State.ShouldBe(AccountState.Erased);
        erased.Email.ShouldBeNull();
        erased.FirstName.ShouldBeNull();
        erased.LastName.ShouldBeNull();
        s.World.Decide(s.SuperAdmin, new RestoreAccount(s.Viewer)).ShouldBeRejected(RejectionKind.Conflict, "account_state");
    }
}
