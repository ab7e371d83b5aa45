using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>
/// Seed 001 (docs/seeds.md), "operations that can be performed by the administrators and
/// users", by tenant kind. The rows below are the table, copied cell for cell; each column is checked for
/// every tenant kind it names and for both administrative roles that count as "administrators".
/// </summary>
public class Seed001OperationsByTenantKind
{
    private const string Seed = "001_05c7e263e177a99b.txt";

    // Operation | Users | Customer and unit administrators | Partner and folder administrators
    private static readonly string[][] Table =
    [
        ["Create tenants", "No", "Yes", "Yes"],
        ["Create accounts", "No", "Yes", "Yes"],
        ["Download and install the software", "Yes", "Yes", "No*"],
        ["Manage services", "Yes", "Yes", "Yes"],
        ["Create reports about the service usage", "No", "Yes", "Yes"],
        ["Configure branding", "No", "No", "Yes"],
    ];

    private static readonly string[] Columns = ["Users", "Customer and unit administrators", "Partner and folder administrators"];

    public static TheoryData<string, string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string, string>();
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
        "Create tenants" => Capability.CreateTenants,
        "Create accounts" => Capability.CreateAccounts,
        "Download and install the software" => Capability.DownloadSoftware,
        "Manage services" => Capability.ManageServices,
        "Create reports about the service usage" => Capability.CreateUsageReports,
        "Configure branding" => Capability.ConfigureBranding,
        _ => throw new ArgumentOutOfRangeException(nameof(row), row, "Not a row of the seed 001 table."),
    };

    /// <summary>Every actor the column stands for: each tenant kind it names, each account that counts.</summary>
    private static IEnumerable<(Guid Actor, Guid Tenant, TenantKind Kind)> ActorsOf(World world, string column)
    {
        var partner = world.NewTenant(TenantKind.Partner);
        var folder = world.NewTenant(TenantKind.Folder, partner);
        var customer = world.NewTenant(TenantKind.Customer, folder);
        var unit = world.NewTenant(TenantKind.Unit, customer);
        var kinds = column switch
        {
            "Users" => new[] { (customer, TenantKind.Customer), (unit, TenantKind.Unit), (partner, TenantKind.Partner), (folder, TenantKind.Folder) },
            "Customer and unit administrators" => [(customer, TenantKind.Customer), (unit, TenantKind.Unit)],
            _ => [(partner, TenantKind.Partner), (folder, TenantKind.Folder)],
        };

        foreach (var (tenant, kind) in kinds)
        {
            if (column == "Users")
            {
                yield return (world.NewUser(tenant), tenant, kind);
            }
            else
            {
                yield return (world.NewAdmin(tenant, SystemRole.Administrator), tenant, kind);
                yield return (world.OwnerOf(tenant), tenant, kind);
            }
        }
    }

    [Fact]
    public void the_table_has_6_rows_and_18_cells() => Cells().Count().ShouldBe(18);

    [Theory]
    [MemberData(nameof(Cells))]
    public void each_cell_holds_for_the_effective_capabilities_in_the_actors_own_tenant(string seed, string row, string column, string cell)
    {
        var world = World.WithInstallation();
        foreach (var (actor, tenant, kind) in ActorsOf(world, column).ToList())
        {
            var reason = $"{seed}, row '{row}', column '{column}' ({kind}, {world.Account(actor).Role}): {cell}";
            var capabilities = world.Actor(actor, tenant).Capabilities;
            if (cell == "Yes")
            {
                capabilities.ShouldContain(CapabilityOf(row), reason);
            }
            else
            {
                capabilities.ShouldNotContain(CapabilityOf(row), reason);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void each_cell_that_is_a_command_is_decided_accordingly(string seed, string row, string column, string cell)
    {
        var world = World.WithInstallation();
        foreach (var (actor, tenant, kind) in ActorsOf(world, column).ToList())
        {
            var reason = $"{seed}, row '{row}', column '{column}' ({kind}): {cell}";
            Decision? decision = row switch
            {
                "Create tenants" => world.Decide(actor, new CreateTenant(
                    tenant, kind is TenantKind.Customer or TenantKind.Unit ? TenantKind.Unit : TenantKind.Customer,
                    $"Child of {kind}", null, $"owner.{world.NewId():N}@child.test", "Cleo", "Child")),
                "Create accounts" => world.Decide(actor, new CreateUser(tenant, $"u.{world.NewId():N}@acme.test", "New", "User")),
                "Configure branding" => world.Decide(actor, new ConfigureBranding(tenant, "Reseller Blue", null, "#0044AA")),
                _ => null,
            };

            if (decision is null)
            {
                continue;
            }

            if (cell == "Yes")
            {
                decision.IsAccepted.ShouldBeTrue($"{reason} but {decision.Rejection}");
            }
            else
            {
                decision.IsAccepted.ShouldBeFalse(reason);
                decision.Events.ShouldBeEmpty();
            }
        }
    }

    [Fact]
    public void footnote_a_partner_administrator_creates_a_customer_administrator_account_for_themselves_who_can_install_the_software()
    {
        // Seed 001: "*A partner administrator who needs to perform these operations can create a customer
        // administrator or user account for themselves."
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner);
        var partnerAdmin = world.NewAdmin(partner);
        world.Actor(partnerAdmin, customer).Capabilities.ShouldNotContain(Capability.DownloadSoftware);

        var invited = world.Execute(partnerAdmin, new InviteAdmin(customer, "me+customer@partner.test", "Pat", "Partner", RoleRef.Of(SystemRole.Administrator), null, null))
            .ShouldBeAccepted().Events.Single().StreamId;
        world.Execute(world.Actor(invited, customer), new AcceptInvitation(invited)).ShouldBeAccepted();

        world.Actor(invited).Capabilities.ShouldContain(Capability.DownloadSoftware);
    }
}
