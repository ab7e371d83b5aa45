using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

/// <summary>The inputs of a decision in one tenant.</summary>
public sealed record TenantCase<TCommand>(Tenant Tenant, TCommand Command, ActorContext Actor);

/// <summary>Infrastructure → Partner → Customer "Acme", each with its first Owner.</summary>
internal sealed class TenantScene
{
    public TenantScene()
    {
        World = World.WithInstallation();
        Partner = World.NewTenant(TenantKind.Partner, name: "Partner");
        Customer = World.NewTenant(TenantKind.Customer, Partner, name: "Acme");
    }

    public World World { get; }

    public Guid Partner { get; }

    public Guid Customer { get; }

    public Tenant Infrastructure => World.Tenant(World.InfrastructureId);

    public Tenant Live(Guid tenantId) => World.Tenant(tenantId);

    public Tenant Deleted(Guid tenantId) => Tenant.Fold(World.Tenant(tenantId), new TenantDeleted(tenantId, null));

    /// <summary>The tenant's first Owner, resolved there, without <paramref name="lacking"/>, and resolved in the Infrastructure tenant.</summary>
    public ActorContext OwnerElsewhere(Guid tenantId, params Capability[] lacking) =>
        World.Actor(World.OwnerOf(tenantId)).Without(lacking) with { TenantId = World.InfrastructureId };
}

public class when_a_tenant_command_fails_several_checks_at_once
{
    private static readonly string Long = CheckOrder.TooLong(InputValidation.MaxReasonLength + 1);

    private static TenantCase<T> Home<T>(TenantCase<T> c, Guid tenantId) => c with { Actor = c.Actor with { TenantId = tenantId } };

    private static TenantCase<T> Holding<T>(TenantCase<T> c, params Capability[] capabilities) => c with { Actor = c.Actor.With(capabilities) };

    [Fact]
    public void create_user_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        var existing = s.World.Account(s.World.NewUser(s.Customer));
        var c = new TenantCase<CreateUser>(s.Live(s.Partner), new CreateUser(Guid.Empty, "not-an-email", " ", ""), s.OwnerElsewhere(s.Customer, Capability.CreateAccounts));
        var rungs = new List<Rung<(TenantCase<CreateUser> Case, Account? Existing)>>
        {
            new("bad email", (c, existing), RejectionCodes.InvalidEmail, "'not-an-email' is not an email address"),
            new("no first name", (c = c with { Command = c.Command with { Email = "New@Acme.test" } }, existing), RejectionCodes.InvalidName, "First name is required."),
            new("no last name", (c = c with { Command = c.Command with { FirstName = "New" } }, existing), RejectionCodes.InvalidName, "Last name is required."),
            new("another tenant named", (c = c with { Command = c.Command with { LastName = "User" } }, existing), RejectionCodes.WrongTenant, "Pass the tenant the command names."),
            new("deleted", (c = c with { Tenant = s.Deleted(s.Customer), Command = c.Command with { TenantId = s.Customer } }, existing), RejectionCodes.TenantDeleted, "The tenant is deleted; nothing can change in it."),
            new("actor elsewhere", (c = c with { Tenant = s.Live(s.Customer) }, existing), RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", (c = Home(c, s.Customer), existing), RejectionCodes.MissingCapability, "the CreateAccounts capability in this tenant to create user accounts;"),
            new("email in use", (c = Holding(c, Capability.CreateAccounts), existing), RejectionCodes.EmailInUse, "This email already has an Active account in the tenant"),
        };
        var newId = s.World.NewId();

        var decision = CheckOrder.ShouldClimb<(TenantCase<CreateUser> Case, Account? Existing)>(
            x => CreateUser.Decide(x.Case.Tenant, x.Existing, x.Case.Command, x.Case.Actor, newId, World.Now), rungs, (c, null));

        decision.Single<UserCreated>(newId).ShouldBe(new UserCreated(newId, s.Customer, "new@acme.test", "New", "User"));
    }

    [Fact]
    public void create_tenant_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        var c = new TenantCase<CreateTenant>(
            s.Live(s.Partner),
            new CreateTenant(Guid.Empty, (TenantKind)99, "", (ManagementMode)99, "x", "", ""),
            s.OwnerElsewhere(s.Customer, Capability.CreateTenants));
        var rungs = new List<Rung<TenantCase<CreateTenant>>>
        {
            new("undefined kind", c, RejectionCodes.InvalidText, "Tenant kind '99' is not one of"),
            new("undefined mode", c = c with { Command = c.Command with { Kind = TenantKind.Infrastructure } }, RejectionCodes.InvalidText, "Management mode '99' is not one of"),
            new("no name", c = c with { Command = c.Command with { ManagementMode = ManagementMode.SelfManaged } }, RejectionCodes.InvalidName, "Tenant name is required."),
            new("bad email", c = c with { Command = c.Command with { Name = "Unit 1" } }, RejectionCodes.InvalidEmail, "'x' is not an email address"),
            new("no first name", c = c with { Command = c.Command with { OwnerEmail = "Boss@Unit.test" } }, RejectionCodes.InvalidName, "Owner's first name is required."),
            new("no last name", c = c with { Command = c.Command with { OwnerFirstName = "Una" } }, RejectionCodes.InvalidName, "Owner's last name is required."),
            new("another parent named", c = c with { Command = c.Command with { OwnerLastName = "Boss" } }, RejectionCodes.WrongTenant, "Pass the parent tenant the command names."),
            new("deleted parent", c = c with { Tenant = s.Deleted(s.Customer), Command = c.Command with { ParentTenantId = s.Customer } }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Tenant = s.Live(s.Customer) }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", c = Home(c, s.Customer), RejectionCodes.MissingCapability, "capability in this tenant to create tenants;"),
            new("an Infrastructure child", c = Holding(c, Capability.CreateTenants), RejectionCodes.InvalidTenantKind, "An Infrastructure tenant is created once"),
            new("a kind the parent cannot hold", c = c with { Command = c.Command with { Kind = TenantKind.Partner } }, RejectionCodes.ChildKindNotAllowed, "A Customer tenant can hold Unit tenants, not Partner"),
            new("a mode for a unit", c = c with { Command = c.Command with { Kind = TenantKind.Unit } }, RejectionCodes.NoManagementMode, "A Unit tenant has no management mode"),
        };
        var (tenantId, ownerId) = (s.World.NewId(), s.World.NewId());

        var decision = CheckOrder.ShouldClimb(
            x => CreateTenant.Decide(x.Tenant, x.Command, x.Actor, tenantId, ownerId, World.Now), rungs, c with { Command = c.Command with { ManagementMode = null } });

        decision.Single<TenantCreated>(tenantId).ShouldBe(new TenantCreated(tenantId, s.Customer, TenantKind.Unit, "Unit 1", null, ownerId));
        decision.Single<AdminCreated>(ownerId).ShouldBe(new AdminCreated(ownerId, tenantId, "boss@unit.test", "Una", "Boss", RoleRef.Of(SystemRole.Owner)));
    }

    [Theory]
    [InlineData(null, ManagementMode.ManagedByServiceProvider)]
    [InlineData(ManagementMode.SelfManaged, ManagementMode.SelfManaged)]
    public void a_customer_tenant_is_managed_by_the_service_provider_unless_told_otherwise(ManagementMode? given, ManagementMode expected)
    {
        var s = new TenantScene();
        var decision = s.World.Decide(s.World.OwnerOf(s.Partner), new CreateTenant(s.Partner, TenantKind.Customer, "Beta", given, "o@beta.test", "O", "B")).ShouldBeAccepted();
        decision.Events.Select(e => e.Event).OfType<TenantCreated>().ShouldHaveSingleItem().ManagementMode.ShouldBe(expected);
    }

    [Fact]
    public void change_management_mode_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        var unit = s.World.NewTenant(TenantKind.Unit, s.Customer, name: "Unit");
        var c = new TenantCase<ChangeManagementMode>(s.Deleted(s.Customer), new ChangeManagementMode(s.Customer, (ManagementMode)99), s.OwnerElsewhere(s.Customer, Capability.ChangeManagementMode));
        var rungs = new List<Rung<TenantCase<ChangeManagementMode>>>
        {
            new("undefined mode", c, RejectionCodes.InvalidText, "Management mode '99'"),
            new("deleted", c = c with { Command = c.Command with { ManagementMode = ManagementMode.SelfManaged } }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Tenant = s.Live(unit) }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", c = Home(c, unit), RejectionCodes.MissingCapability, "to change the management mode;"),
            new("a unit", c = Holding(c, Capability.ChangeManagementMode), RejectionCodes.NoManagementMode, "A Unit tenant has no management mode"),
        };
        var mended = Home(c, s.Customer) with { Tenant = s.Live(s.Customer) };

        CheckOrder.ShouldClimb(x => ChangeManagementMode.Decide(x.Tenant, x.Command, x.Actor, World.Now), rungs, mended)
            .Single<ManagementModeChanged>(s.Customer).ShouldBe(new ManagementModeChanged(s.Customer, ManagementMode.SelfManaged));
        ChangeManagementMode.Decide(mended.Tenant, mended.Command with { ManagementMode = ManagementMode.ManagedByServiceProvider }, mended.Actor, World.Now)
            .ShouldBeAccepted().Events.ShouldBeEmpty("the mode it already has");
    }

    [Fact]
    public void restrict_ancestor_access_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        var inherited = s.World.Actor(s.World.OwnerOf(s.Partner), s.Customer);
        inherited.Source.ShouldBe(AuthoritySource.Inherited);
        var c = new TenantCase<RestrictAncestorAccess>(s.Deleted(s.Customer), new RestrictAncestorAccess(s.Customer, true, Long), inherited.Without(Capability.RestrictAncestorAccess) with { TenantId = s.Partner });
        var rungs = new List<Rung<TenantCase<RestrictAncestorAccess>>>
        {
            new("long reason", c, RejectionCodes.InvalidText, "The reason is longer than 500 characters"),
            new("deleted", c = c with { Command = c.Command with { Reason = "audit" } }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Tenant = s.Live(s.Customer) }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", c = Home(c, s.Customer), RejectionCodes.MissingCapability, "to restrict access from ancestor tenants;"),
            new("inherited authority", c = Holding(c, Capability.RestrictAncestorAccess), RejectionCodes.OwnAdministratorsOnly, "Only the tenant's own administrators decide"),
            new("the Infrastructure tenant", c with { Tenant = s.Infrastructure, Actor = s.World.Actor(s.World.SuperuserId) }, RejectionCodes.InfrastructureTenant, "has no ancestors to restrict"),
        };
        var mended = c with { Actor = s.World.Actor(s.World.OwnerOf(s.Customer)) };

        CheckOrder.ShouldClimb(x => RestrictAncestorAccess.Decide(x.Tenant, x.Command, x.Actor, World.Now), rungs, mended)
            .Single<AncestorAccessRestricted>(s.Customer).ShouldBe(new AncestorAccessRestricted(s.Customer, "audit"));
        RestrictAncestorAccess.Decide(mended.Tenant, mended.Command with { Restrict = false }, mended.Actor, World.Now).ShouldBeAccepted().Events.ShouldBeEmpty("not restricted already");
        var restricted = Tenant.Fold(mended.Tenant, new AncestorAccessRestricted(s.Customer, null));
        RestrictAncestorAccess.Decide(restricted, mended.Command with { Restrict = false }, mended.Actor, World.Now).ShouldBeAccepted()
            .Single<AncestorAccessAllowed>(s.Customer).ShouldBe(new AncestorAccessAllowed(s.Customer));
    }

    [Fact]
    public void create_workspace_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        s.World.NewWorkspace(s.Customer, "Retail");
        var c = new TenantCase<CreateWorkspace>(s.Deleted(s.Customer), new CreateWorkspace(s.Customer, CheckOrder.TooLong(CreateWorkspace.MaxNameLength + 1)), s.OwnerElsewhere(s.Customer, Capability.ManageWorkspaces));
        var rungs = new List<Rung<TenantCase<CreateWorkspace>>>
        {
            new("long name", c, RejectionCodes.InvalidName, "Workspace name is longer than 100 characters"),
            new("deleted", c = c with { Command = c.Command with { Name = "RETAIL" } }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Tenant = s.Live(s.Customer) }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", c = Home(c, s.Customer), RejectionCodes.MissingCapability, "to create workspaces;"),
            new("the name is taken", c = Holding(c, Capability.ManageWorkspaces), RejectionCodes.AlreadyExists, "'Acme' already has a workspace named 'RETAIL'"),
        };
        var id = s.World.NewId();

        CheckOrder.ShouldClimb(x => CreateWorkspace.Decide(x.Tenant, x.Command, x.Actor, id, World.Now), rungs, c with { Command = c.Command with { Name = "Wholesale" } })
            .Single<WorkspaceCreated>(s.Customer).ShouldBe(new WorkspaceCreated(s.Customer, id, "Wholesale"));
    }

    [Fact]
    public void define_custom_role_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        s.World.GivenTenantEvent(s.Customer, new CustomRoleDefined(s.Customer, s.World.NewId(), "Helpdesk", [Capability.ViewUsers]));
        var c = new TenantCase<DefineCustomRole>(s.Deleted(s.Customer), new DefineCustomRole(s.Customer, "", []), s.OwnerElsewhere(s.Customer, Capability.DefineCustomRoles, Capability.RotateSecrets));
        var rungs = new List<Rung<TenantCase<DefineCustomRole>>>
        {
            new("no name", c, RejectionCodes.InvalidName, "Role name is required."),
            new("deleted", c = c with { Command = c.Command with { Name = "owner" } }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Tenant = s.Live(s.Customer) }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", c = Home(c, s.Customer), RejectionCodes.MissingCapability, "to define custom roles;"),
            new("a system role's name", c = Holding(c, Capability.DefineCustomRoles), RejectionCodes.InvalidCustomRole, "'owner' is a system role"),
            new("no capability in it", c = c with { Command = c.Command with { Name = "HELPDESK" } }, RejectionCodes.InvalidCustomRole, "needs at least one capability"),
            new("an unknown capability", c with { Command = c.Command with { Capabilities = [Capability.RotateSecrets, (Capability)999] } }, RejectionCodes.InvalidCustomRole, "needs at least one capability from the catalog"),
            new("an owner-only capability", c = c with { Command = c.Command with { Capabilities = [Capability.RotateSecrets, Capability.DeleteTenant, Capability.Impersonate] } }, RejectionCodes.InvalidCustomRole, "cannot hold DeleteTenant, Impersonate"),
            new("more than the actor holds", c = c with { Command = c.Command with { Capabilities = [Capability.RotateSecrets, Capability.ViewUsers, Capability.RotateSecrets] } }, RejectionCodes.Escalation, "You cannot grant a role named 'HELPDESK': it includes RotateSecrets"),
            // Whether the name is free is looked up once the actor's authority is settled.
            new("a name taken", c = Holding(c, Capability.RotateSecrets), RejectionCodes.AlreadyExists, "already has a custom role named 'HELPDESK'"),
        };
        var id = s.World.NewId();

        var defined = CheckOrder.ShouldClimb(x => DefineCustomRole.Decide(x.Tenant, x.Command, x.Actor, id, World.Now), rungs, c with { Command = c.Command with { Name = "Secrets" } })
            .Single<CustomRoleDefined>(s.Customer);

        (defined.TenantId, defined.RoleId, defined.Name).ShouldBe((s.Customer, id, "Secrets"));
        defined.Capabilities.ShouldBe([Capability.ViewUsers, Capability.RotateSecrets], "distinct, in catalog order");
    }

    [Fact]
    public void configure_branding_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        var c = new TenantCase<ConfigureBranding>(s.Deleted(s.Customer), new ConfigureBranding(s.Customer, " Acme", "http://acme.test/logo.png", "red"), s.OwnerElsewhere(s.Partner, Capability.ConfigureBranding));
        var rungs = new List<Rung<TenantCase<ConfigureBranding>>>
        {
            new("padded name", c, RejectionCodes.InvalidName, "Display name starts or ends with spaces"),
            new("an http logo", c = c with { Command = c.Command with { DisplayName = "Acme" } }, RejectionCodes.InvalidBranding, "The logo URL must be an absolute https:// address."),
            new("a relative logo", c with { Command = c.Command with { LogoUrl = "/logo.png" } }, RejectionCodes.InvalidBranding, "The logo URL must be an absolute https:// address."),
            new("a colour name", c = c with { Command = c.Command with { LogoUrl = "https://acme.test/logo.png" } }, RejectionCodes.InvalidBranding, "The primary color must look like #1A2B3C."),
            new("a short colour", c with { Command = c.Command with { PrimaryColor = "#1A2B3" } }, RejectionCodes.InvalidBranding, "The primary color must look like #1A2B3C."),
            new("deleted", c = c with { Command = c.Command with { PrimaryColor = "#1a2B3c" } }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Tenant = s.Live(s.Customer) }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", c = Home(c, s.Customer), RejectionCodes.MissingCapability, "to configure branding;"),
            new("a customer tenant", c = Holding(c, Capability.ConfigureBranding), RejectionCodes.BrandingNotAllowed, "'Acme' is a Customer tenant"),
        };
        var mended = Home(c, s.Partner) with { Tenant = s.Live(s.Partner), Command = c.Command with { TenantId = s.Partner } };

        CheckOrder.ShouldClimb(x => ConfigureBranding.Decide(x.Tenant, x.Command, x.Actor, World.Now), rungs, mended)
            .Single<BrandingConfigured>(s.Partner).ShouldBe(new BrandingConfigured(s.Partner, "Acme", "https://acme.test/logo.png", "#1a2B3c"));
        ConfigureBranding.Decide(mended.Tenant, mended.Command with { LogoUrl = null, PrimaryColor = null }, mended.Actor, World.Now).ShouldBeAccepted();
    }

    [Fact]
    public void delete_tenant_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        var c = new TenantCase<DeleteTenant>(s.Deleted(s.Customer), new DeleteTenant(s.Customer, "acme", Long), s.OwnerElsewhere(s.Customer, Capability.DeleteTenant));
        var rungs = new List<Rung<(TenantCase<DeleteTenant> Case, int Children)>>
        {
            new("long reason", (c, 1), RejectionCodes.InvalidText, "The reason is longer than 500"),
            new("deleted", (c = c with { Command = c.Command with { Reason = "closed" } }, 1), RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", (c = c with { Tenant = s.Live(s.Customer) }, 1), RejectionCodes.WrongTenant, "authority was resolved"),
            new("not an Owner", (c = Home(c, s.Customer), 1), RejectionCodes.OwnerOnly, "Only an Owner of this tenant can delete the tenant;"),
            new("the name typed wrong", (c = Holding(c, Capability.DeleteTenant), 1), RejectionCodes.ConfirmationMismatch, "type the tenant's name exactly as it is: 'Acme'"),
            new("a live child", (c = c with { Command = c.Command with { ConfirmationName = "Acme" } }, 1), RejectionCodes.TenantHasChildren, "'Acme' still has 1 live child tenant(s)"),
        };

        CheckOrder.ShouldClimb<(TenantCase<DeleteTenant> Case, int Children)>(x => DeleteTenant.Decide(x.Case.Tenant, x.Children, x.Case.Command, x.Case.Actor, World.Now), rungs, (c, 0))
            .Single<TenantDeleted>(s.Customer).ShouldBe(new TenantDeleted(s.Customer, "closed"));
        var infrastructure = s.World.Actor(s.World.SuperuserId);
        DeleteTenant.Decide(s.Infrastructure, 0, new DeleteTenant(s.World.InfrastructureId, s.Infrastructure.Name, null), infrastructure, World.Now)
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.InfrastructureTenant).Message.ShouldContain("is the root of the installation");
    }

    [Fact]
    public void transfer_ownership_reports_the_first_failing_check_in_order()
    {
        var s = new TenantScene();
        var owner = s.World.Account(s.World.OwnerOf(s.Customer));
        var admin = s.World.Account(s.World.NewAdmin(s.Customer, SystemRole.Administrator));
        var user = s.World.Account(s.World.NewUser(s.Customer));
        var secondOwner = s.World.Account(s.World.NewAdmin(s.Customer, SystemRole.Owner));
        var stranger = s.World.Account(s.World.NewAdmin(s.Partner, SystemRole.Administrator));
        var notAnOwner = s.World.Account(s.World.NewAdmin(s.Customer, SystemRole.Viewer));
        var from = owner;
        var to = admin;
        var c = new TenantCase<TransferOwnership>(s.Deleted(s.Customer), new TransferOwnership(s.Partner, owner.Id, admin.Id), s.OwnerElsewhere(s.Customer, Capability.TransferOwnership));
        Decision Decide(TenantCase<TransferOwnership> x) => TransferOwnership.Decide(x.Tenant, from, to, x.Command, x.Actor, World.Now);

        var rungs = new List<Rung<TenantCase<TransferOwnership>>>
        {
            new("another tenant named", c, RejectionCodes.WrongTenant, "Pass the tenant and the two accounts the command names."),
            new("another from named", c with { Command = new TransferOwnership(s.Customer, admin.Id, admin.Id) }, RejectionCodes.WrongTenant, "Pass the tenant and the two accounts"),
            new("another to named", c with { Command = new TransferOwnership(s.Customer, owner.Id, owner.Id) }, RejectionCodes.WrongTenant, "Pass the tenant and the two accounts"),
        };
        CheckOrder.ShouldClimb(Decide, rungs, c with { Tenant = s.Live(s.Customer), Command = c.Command with { TenantId = s.Customer }, Actor = s.World.Actor(owner.Id) });

        c = c with { Command = new TransferOwnership(s.Customer, owner.Id, owner.Id) };
        to = owner;
        Decide(c).ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidRole).Message.ShouldBe("Ownership must go to another account.");
        to = admin;
        c = c with { Command = c.Command with { ToAccountId = admin.Id } };
        Decide(c).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.TenantDeleted);
        c = c with { Tenant = s.Live(s.Customer) };
        Decide(c).ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.WrongTenant).Message.ShouldContain("authority was resolved");
        c = Home(c, s.Customer);
        Decide(c).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerOnly).Message.ShouldContain("can transfer ownership;");
        c = Holding(c, Capability.TransferOwnership);

        (Account From, Account To, string Code, string Phrase)[] states =
        [
            (stranger, admin, RejectionCodes.DifferentTenant, "Both accounts must belong to 'Acme'."),
            (owner, stranger, RejectionCodes.DifferentTenant, "Both accounts must belong to 'Acme'."),
            (notAnOwner, admin, RejectionCodes.NotAnOwner, "The account to transfer from is not an active Owner of this tenant."),
            (owner, user, RejectionCodes.UserAccountRole, "Ownership goes to an administrator account"),
            (owner, Account.Fold(admin, new AccountSetInactive(admin.Id, null)), RejectionCodes.AccountState, "Account is Inactive; reactivate it before making it an Owner."),
            (owner, secondOwner, RejectionCodes.AlreadyExists, "The receiving account is already an Owner"),
        ];
        foreach (var (f, t, code, phrase) in states)
        {
            from = f;
            to = t;
            Decide(c with { Command = new TransferOwnership(s.Customer, f.Id, t.Id) }).IsAccepted.ShouldBeFalse(code);
            Decide(c with { Command = new TransferOwnership(s.Customer, f.Id, t.Id) }).Rejection!.Code.ShouldBe(code);
            Decide(c with { Command = new TransferOwnership(s.Customer, f.Id, t.Id) }).Rejection!.Message.ShouldContain(phrase);
        }

        from = owner;
        to = admin;
        var decision = Decide(c with { Command = new TransferOwnership(s.Customer, owner.Id, admin.Id) }).ShouldBeAccepted();
        decision.Events.Count.ShouldBe(3);
        decision.Single<OwnershipTransferred>(s.Customer).ShouldBe(new OwnershipTransferred(s.Customer, owner.Id, admin.Id));
        decision.Single<RoleChanged>(owner.Id).ShouldBe(new RoleChanged(owner.Id, RoleRef.Of(SystemRole.Owner), RoleRef.Of(SystemRole.Administrator)));
        decision.Single<PromotedToOwner>(admin.Id).ShouldBe(new PromotedToOwner(admin.Id, RoleRef.Of(SystemRole.Administrator)));
    }
}
