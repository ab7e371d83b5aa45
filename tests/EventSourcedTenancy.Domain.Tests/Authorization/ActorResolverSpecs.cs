using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>
/// The resolver: effective capabilities from plain state (docs/seeds.md: seed 001 inheritance, seed 002
/// workspaces).
/// </summary>
public class ActorResolverSpecs
{
    private readonly World world = World.WithInstallation();

    [Fact]
    public void at_home_an_administrator_holds_its_role()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        var actor = world.Actor(admin);
        actor.Source.ShouldBe(AuthoritySource.Home);
        actor.EffectiveRole.ShouldBe(RoleRef.Of(SystemRole.Administrator));
        actor.Capabilities.ShouldBe(CapabilitySet.Except(SystemRoles.Administrator.Capabilities, TenantKindOperations.WithheldFromAdministratorsOf(TenantKind.Customer)), ignoreOrder: true);
    }

    [Fact]
    public void a_partner_administrator_acts_as_an_administrator_in_a_customer_managed_by_the_service_provider()
    {
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner, ManagementMode.ManagedByServiceProvider);
        var partnerOwner = world.OwnerOf(partner);

        var actor = world.Actor(partnerOwner, customer);
        actor.Source.ShouldBe(AuthoritySource.Inherited);
        actor.Has(Capability.CreateAccounts).ShouldBeTrue();
        actor.Has(Capability.InviteMembers).ShouldBeTrue();
        foreach (var ownerOnly in OwnerOnly.Capabilities)
        {
            actor.Has(ownerOnly).ShouldBeFalse($"{ownerOnly} is not inherited: an Owner above is an administrator below");
        }
    }

    [Fact]
    public void inheritance_passes_through_folders_and_down_to_units()
    {
        var partner = world.NewTenant(TenantKind.Partner);
        var folder = world.NewTenant(TenantKind.Folder, partner);
        var customer = world.NewTenant(TenantKind.Customer, folder);
        var unit = world.NewTenant(TenantKind.Unit, customer);
        var partnerAdmin = world.NewAdmin(partner);
        var customerAdmin = world.NewAdmin(customer);

        world.Actor(partnerAdmin, unit).Has(Capability.CreateAccounts).ShouldBeTrue();
        world.Actor(customerAdmin, unit).Has(Capability.CreateAccounts).ShouldBeTrue();
        world.Actor(customerAdmin, partner).Source.ShouldBe(AuthoritySource.None, "authority flows down, never up");
        world.Actor(customerAdmin, folder).Capabilities.ShouldBeEmpty();
    }

    [Fact]
    public void a_self_managed_customer_blocks_inheritance()
    {
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner, ManagementMode.SelfManaged);
        var unit = world.NewTenant(TenantKind.Unit, customer);
        var partnerAdmin = world.NewAdmin(partner);

        world.Actor(partnerAdmin, customer).Capabilities.ShouldBeEmpty();
        world.Actor(partnerAdmin, unit).Capabilities.ShouldBeEmpty("every tenant on the path must allow it");
        world.Actor(world.OwnerOf(customer), unit).Has(Capability.CreateAccounts).ShouldBeTrue("the customer's own admins still reach its units");
    }

    [Fact]
    public void a_self_managed_partner_blocks_inheritance_from_its_parent_partner()
    {
        var top = world.NewTenant(TenantKind.Partner);
        var reseller = world.NewTenant(TenantKind.Partner, top, ManagementMode.SelfManaged);
        var customer = world.NewTenant(TenantKind.Customer, reseller);
        world.Actor(world.NewAdmin(top), customer).Capabilities.ShouldBeEmpty();
        world.Actor(world.NewAdmin(reseller), customer).Has(Capability.CreateAccounts).ShouldBeTrue();
    }

    [Fact]
    public void a_lower_tenant_that_restricts_ancestor_access_blocks_inheritance_below_it_too()
    {
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner);
        var unit = world.NewTenant(TenantKind.Unit, customer);
        var partnerAdmin = world.NewAdmin(partner);
        world.Execute(world.OwnerOf(customer), new RestrictAncestorAccess(customer, true, "we manage ourselves")).ShouldBeAccepted();

        world.Actor(partnerAdmin, customer).Capabilities.ShouldBeEmpty();
        world.Actor(partnerAdmin, unit).Capabilities.ShouldBeEmpty();
        world.Actor(world.OwnerOf(customer), unit).Has(Capability.CreateAccounts).ShouldBeTrue();

        world.Execute(world.OwnerOf(customer), new RestrictAncestorAccess(customer, false, null)).ShouldBeAccepted();
        world.Actor(partnerAdmin, unit).Has(Capability.CreateAccounts).ShouldBeTrue();
    }

    [Fact]
    public void user_accounts_inherit_nothing()
    {
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner);
        world.Actor(world.NewUser(partner), customer).Capabilities.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(AccountState.Invited)]
    [InlineData(AccountState.Inactive)]
    [InlineData(AccountState.Deleted)]
    [InlineData(AccountState.Erased)]
    public void an_account_that_is_not_active_holds_nothing(AccountState state)
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        world.GivenAccountEvent(admin, state switch
        {
            AccountState.Inactive => new AccountSetInactive(admin, null),
            AccountState.Deleted => new AccountSetDeleted(admin, AccountState.Active, null),
            AccountState.Erased => new AccountErased(admin, null),
            _ => new RoleChanged(admin, RoleRef.Of(SystemRole.Administrator), RoleRef.Of(SystemRole.Administrator)),
        });
        var account = world.Account(admin);
        if (state == AccountState.Invited)
        {
            account = account with { State = AccountState.Invited };
        }

        ActorResolver.Resolve(account, world.Chain(customer)).Capabilities.ShouldBeEmpty();
    }

    [Fact]
    public void nothing_is_held_in_a_deleted_tenant()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        world.GivenTenantEvent(customer, new TenantDeleted(customer, null));
        world.Actor(owner).Capabilities.ShouldBeEmpty();
    }

    [Fact]
    public void a_workspace_role_holds_only_inside_its_workspace()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var retail = world.NewWorkspace(customer, "Retail");
        var wholesale = world.NewWorkspace(customer, "Wholesale");
        var member = world.NewAdmin(customer, SystemRole.User);
        world.GivenWorkspaceRole(member, retail, SystemRole.WorkspaceAdmin);

        var actor = world.Actor(member);
        actor.HasIn(retail, Capability.AssignWorkspaceRoles).ShouldBeTrue();
        actor.HasIn(wholesale, Capability.AssignWorkspaceRoles).ShouldBeFalse();
        actor.Has(Capability.AssignWorkspaceRoles).ShouldBeFalse("not tenant-wide");
        world.Actor(member, world.NewTenant(TenantKind.Unit, customer)).WorkspaceCapabilities.ShouldBeEmpty("workspace roles are not inherited");
    }

    [Fact]
    public void function_privileges_add_capabilities_in_the_tenant_they_are_held_in()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var viewer = world.NewAdmin(customer, SystemRole.Viewer);
        world.Actor(viewer).Has(Capability.AdministerDashboards).ShouldBeFalse();
        world.GivenPrivilege(viewer, customer, FunctionPrivilege.DashboardAdministrator);
        world.Actor(viewer).Has(Capability.AdministerDashboards).ShouldBeTrue();
    }

    [Fact]
    public void service_administration_is_not_inherited_but_a_privilege_granted_in_the_tenant_applies_while_access_is_allowed()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var superuser = world.SuperuserId;
        world.Actor(superuser, customer).Has(Capability.AdministerAnalysis).ShouldBeFalse();

        world.GivenPrivilege(superuser, customer, FunctionPrivilege.AnalysisAdministrator);
        world.Actor(superuser, customer).Has(Capability.AdministerAnalysis).ShouldBeTrue();

        world.GivenTenantEvent(customer, new AncestorAccessRestricted(customer, null));
        world.Actor(superuser, customer).Capabilities.ShouldBeEmpty();
    }

    [Fact]
    public void a_custom_role_holds_exactly_its_capabilities()
    {
        var partner = world.NewTenant(TenantKind.Partner);
        var roleDecision = world.Execute(world.OwnerOf(partner), new DefineCustomRole(partner, "Branding editor", [Capability.ConfigureBranding])).ShouldBeAccepted();
        var roleId = roleDecision.Single<CustomRoleDefined>(partner).RoleId;
        var editor = world.NewAdmin(partner, RoleRef.Custom(roleId));

        world.Actor(editor).Capabilities.ShouldBe([Capability.ConfigureBranding]);
        world.Decide(editor, new ConfigureBranding(partner, "Blue", null, null)).ShouldBeAccepted();
        world.Decide(editor, new CreateUser(partner, "x@y.test", "X", "Y")).ShouldBeRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void an_account_outside_the_chain_holds_nothing()
    {
        var a = world.NewTenant(TenantKind.Customer);
        var b = world.NewTenant(TenantKind.Customer);
        world.Actor(world.OwnerOf(a), b).Capabilities.ShouldBeEmpty();
    }
}
