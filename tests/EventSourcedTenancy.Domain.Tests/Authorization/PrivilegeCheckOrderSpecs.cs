using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>Impersonation targets, impersonation, the installation and function privileges: their checks in order.</summary>
public class when_a_privileged_command_fails_several_checks_at_once
{
    private sealed record TargetCase(Tenant Tenant, Tenant Infrastructure, Account Superuser, DefineImpersonationTarget Command, ActorContext Actor);

    [Fact]
    public void define_impersonation_target_reports_the_first_failing_check_in_order()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var infrastructure = world.Tenant(world.InfrastructureId);
        var superuser = world.Account(world.SuperuserId);
        var owner = world.Actor(world.OwnerOf(customer));
        var inactive = Account.Fold(superuser, new AccountSetInactive(superuser.Id, null));
        var customerAdmin = world.Account(world.NewAdmin(customer, SystemRole.Administrator));
        var infrastructureUser = world.Account(world.NewUser(world.InfrastructureId));
        var deleted = Tenant.Fold(world.Tenant(customer), new TenantDeleted(customer, null));
        var c = new TargetCase(deleted, world.Tenant(customer), inactive, new DefineImpersonationTarget(world.InfrastructureId, superuser.Id), owner.Without(Capability.DefineImpersonationTargets) with { TenantId = world.InfrastructureId });

        var rungs = new List<Rung<TargetCase>>
        {
            new("another tenant named", c, RejectionCodes.WrongTenant, "Pass the tenant and the account the command names."),
            new("another account named", c with { Command = new DefineImpersonationTarget(customer, customerAdmin.Id) }, RejectionCodes.WrongTenant, "Pass the tenant and the account"),
            new("deleted", c = c with { Command = new DefineImpersonationTarget(customer, superuser.Id) }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Tenant = world.Tenant(customer) }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", c = c with { Actor = c.Actor with { TenantId = customer } }, RejectionCodes.MissingCapability, "to define impersonation targets;"),
            new("in the Infrastructure tenant", c with { Tenant = infrastructure, Command = new DefineImpersonationTarget(world.InfrastructureId, superuser.Id), Actor = world.Actor(world.SuperuserId) }, RejectionCodes.InfrastructureTenant, "Impersonation targets are defined in operational tenants"),
            new("no Infrastructure tenant passed", c = c with { Actor = owner }, RejectionCodes.DifferentTenant, "must be an administrator account of the Infrastructure tenant"),
            new("an account of another tenant", c with { Infrastructure = infrastructure, Superuser = customerAdmin, Command = new DefineImpersonationTarget(customer, customerAdmin.Id) }, RejectionCodes.DifferentTenant, "must be an administrator account of the Infrastructure tenant"),
            new("a user account of the Infrastructure tenant", c with { Infrastructure = infrastructure, Superuser = infrastructureUser, Command = new DefineImpersonationTarget(customer, infrastructureUser.Id) }, RejectionCodes.DifferentTenant, "must be an administrator account"),
            new("an inactive superuser", c = c with { Infrastructure = infrastructure }, RejectionCodes.AccountState, "Account is Inactive"),
        };
        var mended = c with { Superuser = superuser };

        CheckOrder.ShouldClimb(x => DefineImpersonationTarget.Decide(x.Tenant, x.Infrastructure, x.Superuser, x.Command, x.Actor, World.Now), rungs, mended)
            .Single<ImpersonationTargetDefined>(customer).ShouldBe(new ImpersonationTargetDefined(customer, superuser.Id));
        var already = Tenant.Fold(mended.Tenant, new ImpersonationTargetDefined(customer, superuser.Id));
        DefineImpersonationTarget.Decide(already, infrastructure, superuser, mended.Command, owner, World.Now).ShouldBeAccepted().Events.ShouldBeEmpty("already a target");
    }

    [Fact]
    public void begin_impersonation_checks_the_names_then_seed_004s_conditions()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        world.GivenPrivilege(world.SuperuserId, customer, FunctionPrivilege.UserAdministrator);
        world.GivenPrivilege(world.SuperuserId, customer, FunctionPrivilege.TechnicalConfigurationAdministrator);
        world.GivenTenantEvent(customer, new ImpersonationTargetDefined(customer, world.SuperuserId));
        var operatorId = world.NewAdmin(world.InfrastructureId, SystemRole.Operator);
        world.GivenPrivilege(operatorId, world.InfrastructureId, FunctionPrivilege.Impersonation);
        var chain = world.Chain(customer);
        var actor = world.Account(operatorId);
        var superuser = world.Account(world.SuperuserId);

        BeginImpersonation.Decide(chain, actor, superuser, new BeginImpersonation(world.InfrastructureId, superuser.Id), World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.WrongTenant).Message.ShouldBe("Pass the tenant chain and the account the command names.");
        BeginImpersonation.Decide(chain, actor, superuser, new BeginImpersonation(customer, operatorId), World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.WrongTenant);
        BeginImpersonation.Decide([.. chain.Skip(1)], actor, superuser, new BeginImpersonation(customer, superuser.Id), World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidTenantKind).Message.ShouldBe("Pass the tenants from the Infrastructure root down to the target tenant.");
        var infrastructureWithAParent = chain[0] with { ParentId = customer };
        BeginImpersonation.Decide([infrastructureWithAParent, chain[1]], actor, superuser, new BeginImpersonation(customer, superuser.Id), World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidTenantKind);
        var decision = BeginImpersonation.Decide(chain, actor, superuser, new BeginImpersonation(customer, superuser.Id), World.Now).ShouldBeAccepted();

        decision.Single<ImpersonationBegan>(customer).ShouldBe(new ImpersonationBegan(customer, operatorId, superuser.Id, World.Now + ImpersonationSession.Length));
        decision.Events.Count.ShouldBe(1);
    }

    [Fact]
    public void create_installation_reports_the_first_failing_check_in_order()
    {
        var world = World.WithInstallation();
        var system = ActorContext.System(Guid.Empty);
        var c = (Exists: true, Command: new CreateInstallation(" ", "root", "", ""), Actor: world.Actor(world.SuperuserId));
        var rungs = new List<Rung<(bool Exists, CreateInstallation Command, ActorContext Actor)>>
        {
            new("no name", c, RejectionCodes.InvalidName, "Installation name is required."),
            new("bad email", c = c with { Command = c.Command with { Name = "Cloud" } }, RejectionCodes.InvalidEmail, "'root' is not an email address"),
            new("no first name", c = c with { Command = c.Command with { SuperuserEmail = "root@cloud.test" } }, RejectionCodes.InvalidName, "First name is required."),
            new("no last name", c = c with { Command = c.Command with { SuperuserFirstName = "Sue" } }, RejectionCodes.InvalidName, "Last name is required."),
            new("not the system", c = c with { Command = c.Command with { SuperuserLastName = "Peruser" } }, RejectionCodes.SystemActorOnly, "Only the installation itself (the system actor)"),
            new("exists", c = c with { Actor = system }, RejectionCodes.InstallationExists, "The installation already has its Infrastructure tenant"),
        };
        var (tenantId, superuserId) = (Guid.NewGuid(), Guid.NewGuid());

        CheckOrder.ShouldClimb<(bool Exists, CreateInstallation Command, ActorContext Actor)>(
            x => CreateInstallation.Decide(x.Exists, x.Command, x.Actor, tenantId, superuserId, World.Now), rungs, c with { Exists = false })
            .Streams.ShouldBe([tenantId, superuserId]);
    }

    private sealed record PrivilegeCase(IReadOnlyList<Tenant> Chain, Account Account, object Command, ActorContext Actor)
    {
        public Decision Decide() => Command switch
        {
            GrantFunctionPrivilege g => GrantFunctionPrivilege.Decide(Chain, Account, g, Actor, World.Now),
            RevokeFunctionPrivilege r => RevokeFunctionPrivilege.Decide(Chain, Account, r, Actor, World.Now),
            _ => throw new ArgumentException("Not a privilege command.", nameof(Command)),
        };
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void granting_and_revoking_a_privilege_report_the_first_failing_check_in_order(bool grant)
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner, name: "Partner");
        var customer = world.NewTenant(TenantKind.Customer, partner, name: "Acme");
        var admin = world.Account(world.NewAdmin(customer, SystemRole.Administrator));
        var user = world.Account(world.NewUser(customer));
        var stranger = world.Account(world.NewAdmin(world.NewTenant(TenantKind.Customer, name: "Other"), SystemRole.Administrator));
        var erased = Account.Fold(admin, new AccountErased(admin.Id, null));
        var owner = world.Actor(world.OwnerOf(customer));
        var chain = world.Chain(customer);
        var deletedChain = chain.Take(2).Append(Tenant.Fold(chain[2], new TenantDeleted(customer, null))).ToList();
        object Command(Guid accountId, Guid tenantId, FunctionPrivilege privilege) =>
            grant ? new GrantFunctionPrivilege(accountId, tenantId, privilege) : new RevokeFunctionPrivilege(accountId, tenantId, privilege);

        var c = new PrivilegeCase(deletedChain, erased, Command(user.Id, partner, (FunctionPrivilege)99), owner.Without(Capability.GrantFunctionPrivileges, Capability.ManageAdministratorAccounts) with { TenantId = partner });
        var rungs = new List<Rung<PrivilegeCase>>
        {
            new("another account and tenant named", c, RejectionCodes.WrongTenant, "Pass the account and the tenant chain the command names."),
            new("another tenant named", c with { Command = Command(admin.Id, partner, (FunctionPrivilege)99) }, RejectionCodes.WrongTenant, "Pass the account and the tenant chain"),
            new("another account named", c = c with { Command = Command(user.Id, customer, (FunctionPrivilege)99) }, RejectionCodes.WrongTenant, "Pass the account and the tenant chain"),
            new("deleted", c = c with { Command = Command(admin.Id, customer, (FunctionPrivilege)99) }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Chain = chain }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no capability", c = c with { Actor = c.Actor with { TenantId = customer } }, RejectionCodes.MissingCapability, "to grant or revoke function privileges;"),
            new("no such privilege", c = c with { Actor = c.Actor.With(Capability.GrantFunctionPrivileges) }, RejectionCodes.InvalidPrivilegeScope, "'99' is not a function privilege."),
            new("a user account", c with { Account = user, Command = Command(user.Id, customer, FunctionPrivilege.UserAdministrator) }, RejectionCodes.UserAccountRole, "Function privileges are for administrator accounts"),
            new("an account from outside the chain", c with { Account = stranger, Command = Command(stranger.Id, customer, FunctionPrivilege.UserAdministrator) }, RejectionCodes.DifferentTenant, "privileges apply in the account's home tenant or below"),
            new("Impersonation outside the Infrastructure tenant", c with { Command = Command(admin.Id, customer, FunctionPrivilege.Impersonation) }, RejectionCodes.InvalidPrivilegeScope, "The Impersonation privilege is granted in the Infrastructure tenant"),
            new("an administrator account out of reach", c = c with { Command = Command(admin.Id, customer, FunctionPrivilege.UserAdministrator) }, RejectionCodes.AdministratorAccount, "this is an administrator account"),
            new("an erased account", c = c with { Actor = c.Actor.With(Capability.ManageAdministratorAccounts) }, RejectionCodes.AccountState, "Account is Erased"),
        };
        if (grant)
        {
            // A grant beyond the granter is refused before the account's state is looked at.
            rungs.Insert(rungs.Count - 1, new(
                "a privilege beyond the granter, for an erased account",
                c with { Command = Command(admin.Id, customer, FunctionPrivilege.AnalysisAdministrator), Actor = c.Actor.Without(Capability.AdministerAnalysis) },
                RejectionCodes.Escalation,
                "You cannot grant the AnalysisAdministrator function privilege: it includes AdministerAnalysis"));
            rungs.Add(new(
                "a privilege beyond the granter",
                c with { Account = admin, Command = Command(admin.Id, customer, FunctionPrivilege.AnalysisAdministrator), Actor = c.Actor.Without(Capability.AdministerAnalysis) },
                RejectionCodes.Escalation,
                "You cannot grant the AnalysisAdministrator function privilege: it includes AdministerAnalysis"));
        }

        var holding = Account.Fold(admin, new FunctionPrivilegeGranted(admin.Id, customer, FunctionPrivilege.UserAdministrator));
        var decision = CheckOrder.ShouldClimb(x => x.Decide(), rungs, c with { Account = grant ? admin : holding });

        if (grant)
        {
            decision.Single<FunctionPrivilegeGranted>(admin.Id).ShouldBe(new FunctionPrivilegeGranted(admin.Id, customer, FunctionPrivilege.UserAdministrator));
            (c with { Account = holding }).Decide().ShouldBeAccepted().Events.ShouldBeEmpty("already held");
        }
        else
        {
            decision.Single<FunctionPrivilegeRevoked>(admin.Id).ShouldBe(new FunctionPrivilegeRevoked(admin.Id, customer, FunctionPrivilege.UserAdministrator));
            (c with { Account = admin }).Decide().ShouldBeAccepted().Events.ShouldBeEmpty("not held");
        }
    }

    [Fact]
    public void an_actor_granting_itself_a_privilege_it_holds_the_capabilities_of_needs_no_reach_over_its_own_account()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var owner = world.OwnerOf(customer);
        var actor = world.Actor(owner).Without(Capability.ManageOwners);

        GrantFunctionPrivilege.Decide(world.Chain(customer), world.Account(owner), new GrantFunctionPrivilege(owner, customer, FunctionPrivilege.UserAdministrator), actor, World.Now)
            .ShouldBeAccepted().Single<FunctionPrivilegeGranted>(owner).Privilege.ShouldBe(FunctionPrivilege.UserAdministrator);
        var other = world.NewAdmin(customer, SystemRole.Owner);
        GrantFunctionPrivilege.Decide(world.Chain(customer), world.Account(other), new GrantFunctionPrivilege(other, customer, FunctionPrivilege.UserAdministrator), actor, World.Now)
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerAccount);
    }

    /// <summary>An Owner of the partner holds an Owner's account, judged in its own tenant.</summary>
    [Fact]
    public void a_privilege_granted_below_reaches_an_administrator_from_an_ancestor_by_the_reach_of_its_own_tenant()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner, name: "Partner");
        var customer = world.NewTenant(TenantKind.Customer, partner, name: "Acme");
        var partnerOwner = world.OwnerOf(partner);
        var customerOwner = world.Actor(world.OwnerOf(customer)).Without(Capability.ManageOwners);

        GrantFunctionPrivilege.Decide(world.Chain(customer), world.Account(partnerOwner), new GrantFunctionPrivilege(partnerOwner, customer, FunctionPrivilege.UserAdministrator), customerOwner, World.Now)
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerAccount);
    }
}
