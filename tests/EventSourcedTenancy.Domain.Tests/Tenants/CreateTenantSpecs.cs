using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

public class when_an_administrator_creates_a_child_tenant
{
    /// <summary>
    /// Allowed children (docs/product.md; docs/seeds.md, seed 001), the whole kind × kind table.
    /// </summary>
    public static TheoryData<TenantKind, TenantKind, bool> KindPairs()
    {
        var allowed = new Dictionary<TenantKind, TenantKind[]>
        {
            [TenantKind.Infrastructure] = [TenantKind.Partner, TenantKind.Customer],
            [TenantKind.Partner] = [TenantKind.Partner, TenantKind.Folder, TenantKind.Customer],
            [TenantKind.Folder] = [TenantKind.Partner, TenantKind.Customer],
            [TenantKind.Customer] = [TenantKind.Unit],
            [TenantKind.Unit] = [TenantKind.Unit],
        };
        var data = new TheoryData<TenantKind, TenantKind, bool>();
        foreach (var parent in Enum.GetValues<TenantKind>())
        {
            foreach (var child in Enum.GetValues<TenantKind>())
            {
                data.Add(parent, child, allowed[parent].Contains(child));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindPairs))]
    public void only_the_allowed_children_are_accepted(TenantKind parentKind, TenantKind childKind, bool allowed)
    {
        var world = World.WithInstallation();
        var parent = parentKind == TenantKind.Infrastructure ? world.InfrastructureId : world.NewTenant(parentKind);
        var decision = world.Decide(world.OwnerOf(parent), new CreateTenant(parent, childKind, "Child", null, "owner@child.test", "Cid", "Owner"));
        decision.IsAccepted.ShouldBe(allowed, decision.ToString());
        if (!allowed)
        {
            decision.Events.ShouldBeEmpty();
        }
    }

    [Fact]
    public void the_new_tenant_has_its_first_owner_and_starts_managed_by_the_service_provider()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        var decision = world.Execute(world.NewAdmin(partner), new CreateTenant(partner, TenantKind.Customer, "Acme", null, "Owner@Acme.test", "Ann", "Owner"))
            .ShouldBeAccepted();

        var created = decision.Events.Select(e => e.Event).OfType<TenantCreated>().ShouldHaveSingleItem();
        created.ManagementMode.ShouldBe(ManagementMode.ManagedByServiceProvider);
        created.ParentTenantId.ShouldBe(partner);
        var owner = world.Account(created.FirstOwnerAccountId);
        owner.State.ShouldBe(AccountState.Active);
        owner.Role.ShouldBe(RoleRef.Of(SystemRole.Owner));
        owner.Email.ShouldBe("owner@acme.test");
        world.Tenant(created.TenantId).ActiveOwners.ShouldBe([owner.Id]);
    }

    [Fact]
    public void a_folder_or_unit_has_no_management_mode()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.OwnerOf(customer), new CreateTenant(customer, TenantKind.Unit, "Sales", ManagementMode.SelfManaged, "o@u.test", "O", "U"))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.NoManagementMode);
    }

    [Fact]
    public void an_infrastructure_tenant_is_never_a_child()
    {
        var world = World.WithInstallation();
        world.Decide(world.SuperuserId, new CreateTenant(world.InfrastructureId, TenantKind.Infrastructure, "Second", null, "o@i.test", "O", "I"))
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidTenantKind);
    }

    [Fact]
    public void a_viewer_cannot_create_tenants()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        world.Decide(world.NewAdmin(partner, SystemRole.Viewer), new CreateTenant(partner, TenantKind.Customer, "Acme", null, "o@a.test", "O", "A"))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.MissingCapability);
    }

    [Theory]
    [InlineData("", "o@a.test", "O", RejectionCodes.InvalidName)]
    [InlineData(" Acme", "o@a.test", "O", RejectionCodes.InvalidName)]
    [InlineData("Acme", "nope", "O", RejectionCodes.InvalidEmail)]
    [InlineData("Acme", "o@a.test", "", RejectionCodes.InvalidName)]
    public void malformed_input_is_invalid(string name, string email, string firstName, string code)
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        world.Decide(world.OwnerOf(partner), new CreateTenant(partner, TenantKind.Customer, name, null, email, firstName, "Owner"))
            .ShouldBeRejected(RejectionKind.Invalid, code);
    }
}

public class when_a_business_admin_onboards_an_organisation
{
    [Fact]
    public void it_creates_a_customer_tenant_under_its_own()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        var businessAdmin = world.NewAdmin(partner, SystemRole.BusinessAdmin);
        world.Decide(businessAdmin, new CreateTenant(partner, TenantKind.Customer, "Org", null, "o@org.test", "O", "Rg")).ShouldBeAccepted();
        world.Decide(businessAdmin, new InviteAdmin(partner, "a@p.test", "A", "P", null, null, null)).ShouldBeRejected(RejectionKind.Forbidden);
    }
}
