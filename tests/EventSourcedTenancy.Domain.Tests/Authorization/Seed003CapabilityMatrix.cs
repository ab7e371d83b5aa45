using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>
/// Seed 003 (docs/seeds.md, "Seed 003: capability matrix"): every one of the 19 rows × 4 roles.
/// The rows below are the table, copied cell for cell. Every cell is checked against the role's effective
/// capabilities, resolved by <see cref="ActorResolver"/> on a real chain (Infrastructure → Partner →
/// Customer); every cell of a row that is a command of this service is also decided for real, with the
/// exact outcome written down per column in <see cref="Commands"/>. See docs/domain.md, "Authorization".
/// </summary>
public class Seed003CapabilityMatrix
{
    private const string Seed = "003_0d71e937e7be8487.txt";
    private const string Accepted = "accepted";
    private const string SuspendOnly = "partial (suspend only)";

    // Capability | Owner | Admin | Operator | Viewer
    private static readonly string[][] Table =
    [
        ["View users", "yes", "yes", "yes", "yes"],
        ["Create / edit / delete users", "yes", "yes", SuspendOnly, "no"],
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

    /// <summary>
    /// The rows that are not commands of this service, and why: reads that the service's queries check, and
    /// operations it does not carry out. They are checked through the effective capabilities only.
    /// </summary>
    private static readonly Dictionary<string, string> NotCommands = new()
    {
        ["View users"] = "a read: the users list and the account queries check ViewUsers",
        ["View applications"] = "a read: the application queries check ViewApplications",
        ["View audit"] = "a read: the audit trail and the compliance queries check ViewAudit",
        ["Export audit"] = "a read: the audit export checks ExportAudit",
    };

    /// <summary>The acting administrator's tenant and the accounts a command acts on.</summary>
    private sealed record Scene(World World, Guid Tenant, SystemRole Role, Guid Actor, Guid Owner, Guid User, Guid InactiveUser, Guid DeletedUser, Guid Viewer, Guid Administrator)
    {
        /// <summary>A web application of the tenant (with a secret).</summary>
        public Guid Application { get; init; }
    }

    /// <summary>One command of a row, decided by the column's role; the outcome per column is "accepted" or the rejection code.</summary>
    private sealed record Probe(string Row, string Case, bool SuspendOnlyPart, Func<Scene, object> Command, string Owner, string Administrator, string Operator, string Viewer)
    {
        public string OutcomeFor(SystemRole role) => role switch
        {
            SystemRole.Owner => Owner,
            SystemRole.Administrator => Administrator,
            SystemRole.Operator => Operator,
            SystemRole.Viewer => Viewer,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a column of the seed 003 matrix."),
        };
    }

    // Row | case | suspend-only part | command | Owner | Administrator | Operator | Viewer
    private static readonly Probe[] Commands =
    [
        new("Create / edit / delete users", "create a user", false,
            s => new CreateUser(s.Tenant, "new.user@acme.test", "New", "User"),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Create / edit / delete users", "set a user deleted", false,
            s => new SetAccountDeleted(s.User, null),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Create / edit / delete users", "restore a deleted user", false,
            s => new RestoreAccount(s.DeletedUser),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Create / edit / delete users", "suspend a user", true,
            s => new SetAdminInactive(s.User, "suspend"),
            Accepted, Accepted, Accepted, RejectionCodes.MissingCapability),
        new("Create / edit / delete users", "re-enable a suspended user", true,
            s => new ReactivateAccount(s.InactiveUser),
            Accepted, Accepted, Accepted, RejectionCodes.MissingCapability),
        new("Bulk import / export users", "import two users", false,
            s => new ImportUsers(s.Tenant, [new ImportedUser("bulk.one@acme.test", "Bulk", "One"), new ImportedUser("bulk.two@acme.test", "Bulk", "Two")]),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Reset password", "reset a user's password", false,
            s => new ResetPassword(s.User),
            Accepted, Accepted, Accepted, RejectionCodes.MissingCapability),
        new("Force MFA reset", "force a user's MFA reset", false,
            s => new ForceMfaReset(s.User),
            Accepted, Accepted, Accepted, RejectionCodes.MissingCapability),
        new("GDPR-delete user", "erase a user", false,
            s => new EraseAccount(s.User, "GDPR request 42"),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        // Inviting with the caller's own role is within its authority; only the capability to invite decides.
        new("Invite new members", "invite an administrator with the caller's own role", false,
            s => new InviteAdmin(s.Tenant, "new.admin@acme.test", "New", "Admin", RoleRef.Of(s.Role), null, null),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        // Without a role the invitation is a Viewer, which holds ViewConfigurations that an Operator lacks.
        new("Invite new members", "invite an administrator with the lowest role", false,
            s => new InviteAdmin(s.Tenant, "new.viewer@acme.test", "New", "Viewer", null, null, null),
            Accepted, Accepted, RejectionCodes.Escalation, RejectionCodes.MissingCapability),
        new("Change member roles", "make a Viewer an Operator", false,
            s => new ChangeRole(s.Viewer, RoleRef.Of(SystemRole.Operator)),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Change member roles", "make an Operator a Viewer", false,
            s => new ChangeRole(s.World.NewAdmin(s.Tenant, SystemRole.Operator), RoleRef.Of(SystemRole.Viewer)),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Create / edit / delete applications", "register a web application", false,
            s => new RegisterApplication(s.Tenant, "Shop", ApplicationKind.Web, ["https://shop.acme.test/cb"], null),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Create / edit / delete applications", "edit an application", false,
            s => new EditApplication(s.Application, "Shop 2", ["https://shop2.acme.test/cb"]),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Create / edit / delete applications", "delete an application", false,
            s => new DeleteApplication(s.Application, "unused"),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Rotate secrets", "rotate an application's secret", false,
            s => new RotateApplicationSecret(s.Application, "yearly", null, null),
            Accepted, Accepted, Accepted, RejectionCodes.MissingCapability),
        new("Configure authentication policy", "set the end users' sign-in methods and password policy", false,
            s => new ConfigureAuthenticationPolicy(s.Tenant, [SignInMethod.Passkey], new PasswordPolicy(12, true, false, false, null), null),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Manage federation connections", "connect an OpenID Connect identity provider", false,
            s => new CreateFederationConnection(s.Tenant, "Corporate IdP", FederationProtocol.OpenIdConnect, World.OidcSettings, "s3cret"),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Configure audit streaming", "stream the audit trail to a webhook", false,
            s => new CreateAuditStream(s.Tenant, "SIEM", "https://siem.acme.test/audit", null),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Configure MFA enforcement", "require MFA of every end user", false,
            s => new ConfigureAuthenticationPolicy(s.Tenant, null, null, MfaEnforcement.RequiredForEveryone),
            Accepted, Accepted, RejectionCodes.MissingCapability, RejectionCodes.MissingCapability),
        new("Delete the tenant", "delete the tenant", false,
            s => new DeleteTenant(s.Tenant, "Acme", null),
            Accepted, RejectionCodes.OwnerOnly, RejectionCodes.OwnerOnly, RejectionCodes.OwnerOnly),
        new("Transfer ownership", "transfer ownership to an administrator", false,
            s => new TransferOwnership(s.Tenant, s.Owner, s.Administrator),
            Accepted, RejectionCodes.OwnerOnly, RejectionCodes.OwnerOnly, RejectionCodes.OwnerOnly),
    ];

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

    /// <summary>The cells of the rows that are commands, one theory row per command and column.</summary>
    public static TheoryData<string, string, SystemRole, string, string> CommandCells()
    {
        var data = new TheoryData<string, string, SystemRole, string, string>();
        foreach (var probe in Commands)
        {
            var row = Table.Single(r => r[0] == probe.Row);
            for (var column = 0; column < Columns.Length; column++)
            {
                data.Add(Seed, probe.Row, Columns[column], row[column + 1], probe.Case);
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

    /// <summary>A customer tenant under a partner under the Infrastructure root, with the column's role acting in it.</summary>
    private static Scene NewScene(SystemRole role)
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner, name: "Partner");
        var customer = world.NewTenant(TenantKind.Customer, partner, name: "Acme");
        var owner = world.OwnerOf(customer);
        var actor = role == SystemRole.Owner ? owner : world.NewAdmin(customer, role);
        var inactiveUser = world.NewUser(customer);
        world.GivenAccountEvent(inactiveUser, new AccountSetInactive(inactiveUser, "on leave"));
        var deletedUser = world.NewUser(customer);
        world.GivenAccountEvent(deletedUser, new AccountSetDeleted(deletedUser, AccountState.Active, null));
        return new Scene(
            world, customer, role, actor, owner, world.NewUser(customer), inactiveUser, deletedUser,
            world.NewAdmin(customer, SystemRole.Viewer), world.NewAdmin(customer, SystemRole.Administrator))
        {
            Application = world.NewApplication(customer),
        };
    }

    [Fact]
    public void the_table_has_19_rows_and_76_cells()
    {
        Table.Length.ShouldBe(19);
        Cells().Count().ShouldBe(76);
    }

    [Fact]
    public void every_row_is_either_a_command_or_named_as_not_one()
    {
        foreach (var row in Table.Select(r => r[0]))
        {
            var isCommand = Commands.Any(p => p.Row == row);
            isCommand.ShouldNotBe(NotCommands.ContainsKey(row), $"row '{row}' must be decided by commands or named as not a command, not both");
        }

        NotCommands.Keys.ShouldBeSubsetOf(Table.Select(r => r[0]));
        Commands.Select(p => p.Row).ShouldBeSubsetOf(Table.Select(r => r[0]));
        CommandCells().Count().ShouldBe(Commands.Length * Columns.Length);
    }

    [Fact]
    public void each_command_outcome_agrees_with_its_cell()
    {
        foreach (var probe in Commands)
        {
            var row = Table.Single(r => r[0] == probe.Row);
            for (var column = 0; column < Columns.Length; column++)
            {
                var accepted = probe.OutcomeFor(Columns[column]) == Accepted;
                var expected = row[column + 1] switch
                {
                    "yes" => true,
                    "no" => false,
                    SuspendOnly => probe.SuspendOnlyPart,
                    var cell => throw new ArgumentOutOfRangeException(nameof(row), cell, "Unknown cell value."),
                };
                accepted.ShouldBe(expected, $"'{probe.Row}' / {probe.Case} for {Columns[column]} says {probe.OutcomeFor(Columns[column])}, the cell '{row[column + 1]}'");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void each_cell_holds_for_the_roles_effective_capabilities_in_its_tenant(string seed, string row, SystemRole role, string cell)
    {
        var scene = NewScene(role);
        var chain = scene.World.Chain(scene.Tenant);
        chain.Select(t => t.Kind).ShouldBe([TenantKind.Infrastructure, TenantKind.Partner, TenantKind.Customer]);
        var actor = ActorResolver.Resolve(scene.World.Account(scene.Actor), chain);
        var reason = $"{seed}, row '{row}', column {role}: {cell}" + (NotCommands.TryGetValue(row, out var why) ? $" ({why})" : "");
        actor.Source.ShouldBe(AuthoritySource.Home, reason);
        actor.TenantId.ShouldBe(scene.Tenant, reason);
        var capability = CapabilityOf(row);

        switch (cell)
        {
            case "yes":
                actor.Has(capability).ShouldBeTrue(reason);
                SystemRoles.Of(role).Capabilities.ShouldContain(capability, reason);
                break;
            case "no":
                actor.Has(capability).ShouldBeFalse(reason);
                SystemRoles.Of(role).Capabilities.ShouldNotContain(capability, reason);
                break;
            case SuspendOnly:
                actor.Has(capability).ShouldBeFalse(reason);
                actor.Has(Capability.SuspendUsers).ShouldBeTrue(reason);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell value.");
        }
    }

    /// <summary>The rows that are commands of this service, decided for real: accepted where the table says so, otherwise refused with the code written down for the column.</summary>
    [Theory]
    [MemberData(nameof(CommandCells))]
    public void each_cell_that_is_a_command_is_decided_with_the_outcome_written_for_its_column(string seed, string row, SystemRole role, string cell, string @case)
    {
        var probe = Commands.Single(p => p.Row == row && p.Case == @case);
        var expected = probe.OutcomeFor(role);
        var scene = NewScene(role);
        var reason = $"{seed}, row '{row}', column {role}: {cell}; {@case} → {expected}";

        var decision = scene.World.Decide(scene.Actor, probe.Command(scene));

        if (expected == Accepted)
        {
            decision.IsAccepted.ShouldBeTrue($"{reason}, but {decision.Rejection}");
            decision.Events.ShouldNotBeEmpty(reason);
        }
        else
        {
            decision.ShouldBeRejected(RejectionKind.Forbidden, expected);
        }
    }
}
