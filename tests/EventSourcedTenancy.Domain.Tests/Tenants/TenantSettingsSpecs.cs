using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

public class when_the_management_mode_changes
{
    [Fact]
    public void a_customer_owner_makes_the_tenant_self_managed_and_the_partner_loses_access()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner);
        var partnerAdmin = world.NewAdmin(partner);

        world.Execute(world.OwnerOf(customer), new ChangeManagementMode(customer, ManagementMode.SelfManaged))
            .ShouldBeAccepted().Single<ManagementModeChanged>(customer).ManagementMode.ShouldBe(ManagementMode.SelfManaged);
        world.Decide(partnerAdmin, new ChangeManagementMode(customer, ManagementMode.ManagedByServiceProvider))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.MissingCapability);
    }

    [Fact]
    public void setting_the_same_mode_again_writes_nothing()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.OwnerOf(customer), new ChangeManagementMode(customer, ManagementMode.ManagedByServiceProvider)).ShouldBeAccepted().Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_unit_has_no_management_mode()
    {
        var world = World.WithInstallation();
        var unit = world.NewTenant(TenantKind.Unit, world.NewTenant(TenantKind.Customer));
        world.Decide(world.OwnerOf(unit), new ChangeManagementMode(unit, ManagementMode.SelfManaged))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.NoManagementMode);
    }
}

public class when_ancestor_access_is_restricted
{
    [Fact]
    public void an_inherited_administrator_cannot_decide_it()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner);
        world.Decide(world.NewAdmin(partner), new RestrictAncestorAccess(customer, true, null))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnAdministratorsOnly);
    }

    [Fact]
    public void the_own_administrator_restricts_and_lifts_it()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        world.Execute(admin, new RestrictAncestorAccess(customer, true, "audit")).ShouldBeAccepted().Single<AncestorAccessRestricted>(customer);
        world.Tenant(customer).AncestorAccessRestricted.ShouldBeTrue();
        world.Decide(admin, new RestrictAncestorAccess(customer, true, null)).ShouldBeAccepted().Events.ShouldBeEmpty();
        world.Execute(admin, new RestrictAncestorAccess(customer, false, null)).ShouldBeAccepted().Single<AncestorAccessAllowed>(customer);
    }

    [Fact]
    public void the_infrastructure_tenant_has_no_ancestors_to_restrict()
    {
        var world = World.WithInstallation();
        world.Decide(world.SuperuserId, new RestrictAncestorAccess(world.InfrastructureId, true, null))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.InfrastructureTenant);
    }
}

public class when_tenant_policy_is_configured
{
    private static readonly ConfigureTenantPolicy EverySection = new(
        Guid.Empty, [SignInMethod.Passkey, SignInMethod.SingleSignOn], new PasswordPolicy(14, true, true, true, 90),
        MfaEnforcement.RequiredForAdministrators, new BillingSettings("Enterprise", "billing@acme.test"));

    [Fact]
    public void an_owner_sets_every_section()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Execute(world.OwnerOf(customer), EverySection with { TenantId = customer }).ShouldBeAccepted();
        var policy = world.Tenant(customer).Policy;
        policy.SignInMethods.ShouldBe([SignInMethod.Passkey, SignInMethod.SingleSignOn]);
        policy.MfaEnforcement.ShouldBe(MfaEnforcement.RequiredForAdministrators);
        policy.Billing!.Plan.ShouldBe("Enterprise");
        policy.PasswordPolicy!.MinimumLength.ShouldBe(14);
    }

    [Theory]
    [InlineData(SystemRole.Administrator)]
    [InlineData(SystemRole.Manager)]
    [InlineData(SystemRole.Operator)]
    public void anyone_but_an_owner_is_told_to_escalate(SystemRole role)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var rejection = world.Decide(world.NewAdmin(customer, role), EverySection with { TenantId = customer })
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerOnly);
        rejection.Message.ShouldContain("escalate to an Owner");
    }

    [Fact]
    public void an_owner_of_the_parent_partner_is_not_an_owner_here()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner);
        world.Decide(world.OwnerOf(partner), EverySection with { TenantId = customer }).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerOnly);
    }

    [Theory]
    [InlineData("nothing")]
    [InlineData("no sign-in methods")]
    [InlineData("short passwords")]
    [InlineData("bad invoice email")]
    public void malformed_policy_is_invalid(string what)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var command = what switch
        {
            "nothing" => new ConfigureTenantPolicy(customer, null, null, null, null),
            "no sign-in methods" => new ConfigureTenantPolicy(customer, [], null, null, null),
            "short passwords" => new ConfigureTenantPolicy(customer, null, new PasswordPolicy(4, false, false, false, null), null, null),
            _ => new ConfigureTenantPolicy(customer, null, null, null, new BillingSettings("Pro", "billing")),
        };
        world.Decide(world.OwnerOf(customer), command).ShouldBeRejected(RejectionKind.Invalid);
    }
}

public class when_branding_is_configured
{
    [Theory]
    [InlineData(TenantKind.Partner, true)]
    [InlineData(TenantKind.Folder, true)]
    [InlineData(TenantKind.Customer, false)]
    [InlineData(TenantKind.Unit, false)]
    public void it_is_set_on_partner_and_folder_tenants_only(TenantKind kind, bool allowed)
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        var tenant = kind switch
        {
            TenantKind.Partner => partner,
            TenantKind.Folder => world.NewTenant(TenantKind.Folder, partner),
            TenantKind.Customer => world.NewTenant(TenantKind.Customer, partner),
            _ => world.NewTenant(TenantKind.Unit, world.NewTenant(TenantKind.Customer, partner)),
        };
        // A partner administrator reaches every one of these; only the kind decides.
        var decision = world.Decide(world.NewAdmin(partner), new ConfigureBranding(tenant, "Blue Reseller", "https://cdn.test/logo.svg", "#0A84FF"));
        if (allowed)
        {
            decision.ShouldBeAccepted().Single<BrandingConfigured>(tenant).DisplayName.ShouldBe("Blue Reseller");
        }
        else
        {
            decision.ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.BrandingNotAllowed);
        }
    }

    [Theory]
    [InlineData("http://cdn.test/logo.svg", null)]
    [InlineData("logo.svg", null)]
    [InlineData(null, "blue")]
    public void malformed_branding_is_invalid(string? logo, string? color)
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        world.Decide(world.OwnerOf(partner), new ConfigureBranding(partner, "Blue", logo, color)).ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidBranding);
    }
}

public class when_a_workspace_is_created
{
    [Fact]
    public void it_is_added_and_a_second_with_the_same_name_is_refused()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        world.Execute(admin, new CreateWorkspace(customer, "Retail")).ShouldBeAccepted();
        world.Tenant(customer).Workspaces.Select(w => w.Name).ShouldBe(["Retail"]);
        world.Decide(admin, new CreateWorkspace(customer, "retail")).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.AlreadyExists);
    }

    [Fact]
    public void a_viewer_cannot()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.NewAdmin(customer, SystemRole.Viewer), new CreateWorkspace(customer, "Retail")).ShouldBeRejected(RejectionKind.Forbidden);
    }
}

public class when_a_custom_role_is_defined
{
    [Fact]
    public void it_holds_only_capabilities_the_definer_holds()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        world.Execute(admin, new DefineCustomRole(customer, "Support lead", [Capability.ResetPassword, Capability.ViewUsers])).ShouldBeAccepted();
        world.Tenant(customer).CustomRoles.Single().Capabilities.ShouldBe([Capability.ViewUsers, Capability.ResetPassword]);
        world.Decide(admin, new DefineCustomRole(customer, "Analyst", [Capability.AdministerAnalysis]))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.Escalation);
    }

    [Theory]
    [InlineData("Owner", Capability.ViewUsers)]
    [InlineData("viewer", Capability.ViewUsers)]
    [InlineData("Deleter", Capability.DeleteTenant)]
    [InlineData("Impersonator", Capability.Impersonate)]
    public void system_names_and_reserved_capabilities_are_refused(string name, Capability capability)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.OwnerOf(customer), new DefineCustomRole(customer, name, [capability]))
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidCustomRole);
    }

    [Fact]
    public void an_operator_cannot_define_roles()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.NewAdmin(customer, SystemRole.Operator), new DefineCustomRole(customer, "Mine", [Capability.ViewUsers]))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.MissingCapability);
    }
}
