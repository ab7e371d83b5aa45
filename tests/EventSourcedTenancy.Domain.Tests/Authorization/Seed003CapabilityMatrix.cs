using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>
/// Seed 003 (docs/seeds.md, "Seed 003: capability matrix"): every one of the 19 rows × 4 roles.
/// The rows below are the table, copied cell for cell.
/// </summary>
public class Seed003CapabilityMatrix
{
    private const string Seed = "003_0d71e937e7be8487.txt";

    // Capability | Owner | Admin | Operator | Viewer
    private static readonly string[][] Table =
    [
        ["View users", "yes", "yes", "yes", "yes"],
        ["Create / edit / delete users", "yes", "yes", "partial (suspend only)", "no"],
        ["Reset password", "yes", "yes", "yes", "no"],
        ["Force MFA reset", "yes", "yes", "yes", "no"],
        ["Bulk import / export users", "yes", "yes", "no", "no"],
        ["GDPR-delete user", "yes", "yes", "no", "no"],
        ["View applications", "yes", "yes", "yes", "yes"],
        ["Create / edit / delete applications", "yes", "yes", "no", "no"],
        ["Rotate secrets", "yes", "yes", "yes", "no"],
        ["Configure authentication policy", "yes", "yes", "no", "no"],
        ["Manage federation connections", "yes", "yes", "no", "no"],
        ["Configure MFA enforcement", "yes", "yes", "no", "no"],
        ["View audit", "yes", "yes", "yes", "yes"],
        ["Export audit", "yes", "yes", "yes", "no"],
        ["Configure audit streaming", "yes", "yes", "no", "no"],
        ["Invite new members", "yes", "yes", "no", "no"],
        ["Change member roles", "yes", "yes", "no", "no"],
        ["Delete the tenant", "yes", "no", "no", "no"],
        ["Transfer ownership", "yes", "no", "no", "no"],
    ];

    private static readonly SystemRole[] Columns = [SystemRole.Owner, SystemRole.Administrator, SystemRole.Operator, SystemRole.Viewer];

    public static TheoryData<string, string, SystemRole, string> Cells()
    {
        var data = new TheoryData<string, string, SystemRole, string>();
        foreach (var row in Table)
        {
            for (var column = 0; column < Columns.Length; column++)
            {
                data.Add(Seed, row[0], Columns[column], row[column + 1]);
            }
        }

        return data;
    }

    private static Capability CapabilityOf(string row) => row switch
    {
        "View users" => Capability.ViewUsers,
        "Create / edit / delete users" => Capability.CreateEditDeleteUsers,
        "Reset password" => Capability.ResetPassword,
        "Force MFA reset" => Capability.ForceMfaReset,
        "Bulk import / export users" => Capability.BulkImportExportUsers,
        "GDPR-delete user" => Capability.GdprDeleteUsers,
        "View applications" => Capability.ViewApplications,
        "Create / edit / delete applications" => Capability.ManageApplications,
        "Rotate secrets" => Capability.RotateSecrets,
        "Configure authentication policy" => Capability.ConfigureAuthenticationPolicy,
        "Manage federation connections" => Capability.ManageFederationConnections,
        "Configure MFA enforcement" => Capability.ConfigureMfaEnforcement,
        "View audit" => Capability.ViewAudit,
        "Export audit" => Capability.ExportAudit,
        "Configure audit streaming" => Capability.ConfigureAuditStreaming,
        "Invite new members" => Capability.InviteMembers,
        "Change member roles" => Capability.ChangeMemberRoles,
        "Delete the tenant" => Capability.DeleteTenant,
        "Transfer ownership" => Capability.TransferOwnership,
        _ => throw new ArgumentOutOfRangeException(nameof(row), row, "Not a row of the seed 003 matrix."),
    };

    [Fact]
    public void the_table_has_19_rows_and_76_cells()
    {
        Table.Length.ShouldBe(19);
        Cells().Count().ShouldBe(76);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void each_cell_holds_for_the_roles_effective_capabilities_in_its_tenant(string seed, string row, SystemRole role, string cell)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var actor = role == SystemRole.Owner ? world.OwnerOf(customer) : world.NewAdmin(customer, role);
        var capabilities = world.Actor(actor).Capabilities;
        var reason = $"{seed}, row '{row}', column {role}: {cell}";

        switch (cell)
        {
            case "yes":
                capabilities.ShouldContain(CapabilityOf(row), reason);
                SystemRoles.Of(role).Capabilities.ShouldContain(CapabilityOf(row), reason);
                break;
            case "no":
                capabilities.ShouldNotContain(CapabilityOf(row), reason);
                SystemRoles.Of(role).Capabilities.ShouldNotContain(CapabilityOf(row), reason);
                break;
            case "partial (suspend only)":
                capabilities.ShouldNotContain(CapabilityOf(row), reason);
                capabilities.ShouldContain(Capability.SuspendUsers, reason);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell value.");
        }
    }

    /// <summary>The rows that are commands of this service, decided for real: accepted exactly where the cell says yes.</summary>
    [Theory]
    [MemberData(nameof(Cells))]
    public void each_cell_that_is_a_command_is_decided_accordingly(string seed, string row, SystemRole role, string cell)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var actor = role == SystemRole.Owner ? world.OwnerOf(customer) : world.NewAdmin(customer, role);
        var user = world.NewUser(customer);
        var viewer = world.NewAdmin(customer, SystemRole.Viewer);
        var reason = $"{seed}, row '{row}', column {role}: {cell}";

        var decisions = row switch
        {
            "Create / edit / delete users" =>
            [
                world.Decide(actor, new CreateUser(customer, "new.user@acme.test", "New", "User")),
                world.Decide(actor, new SetAccountDeleted(user, null)),
            ],
            "Reset password" => [world.Decide(actor, new ResetPassword(user))],
            "Force MFA reset" => [world.Decide(actor, new ForceMfaReset(user))],
            "GDPR-delete user" => [world.Decide(actor, new EraseAccount(user, "GDPR request 42"))],
            "Invite new members" => [world.Decide(actor, new InviteAdmin(customer, "new.admin@acme.test", "New", "Admin", null, null, null))],
            "Change member roles" => [world.Decide(actor, new ChangeRole(viewer, RoleRef.Of(SystemRole.Operator)))],
            "Delete the tenant" => [world.Decide(actor, new DeleteTenant(customer, "Acme", null))],
            "Transfer ownership" => [world.Decide(actor, new TransferOwnership(customer, world.OwnerOf(customer), world.NewAdmin(customer)))],
            _ => Array.Empty<Decision>(),
        };

        foreach (var decision in decisions)
        {
            if (cell == "yes")
            {
                decision.IsAccepted.ShouldBeTrue($"{reason} but {decision.Rejection}");
            }
            else
            {
                decision.ShouldBeRejected(RejectionKind.Forbidden).Message.ShouldNotBeNullOrWhiteSpace(reason);
            }
        }

        if (cell == "partial (suspend only)")
        {
            world.Decide(actor, new SetAdminInactive(user, "suspend")).IsAccepted.ShouldBeTrue(reason);
        }
    }
}
