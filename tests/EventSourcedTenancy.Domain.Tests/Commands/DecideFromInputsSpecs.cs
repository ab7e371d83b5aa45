using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Commands;

/// <summary>
/// The pipeline decides every command with <see cref="ITenancyCommand.Decide"/> from what its plan read:
/// that decides exactly as the command's own decider does with the same state, actor, time and new ids,
/// and refuses with a NotFound rejection (tenant_not_found, account_not_found) what names nothing.
/// </summary>
public class when_a_command_is_decided_from_what_its_plan_read
{
    private sealed record Scene(World World, Guid Actor, ITenancyCommand Command);

    /// <summary>Per command: a world where it is accepted, who sends it, and the command.</summary>
    private static readonly Dictionary<string, Func<Scene>> Accepted = new()
    {
        [nameof(AcceptInvitation)] = () => InCustomer((w, c, _) =>
        {
            var invitee = w.NewInvitation(c, RoleRef.Of(SystemRole.Administrator));
            return (invitee, new AcceptInvitation(invitee));
        }),
        [nameof(AssignWorkspaceRole)] = () => InCustomer((w, c, owner) => (owner, new AssignWorkspaceRole(w.NewAdmin(c, SystemRole.Viewer), w.NewWorkspace(c), SystemRole.WorkspaceAdmin))),
        [nameof(ChangeRole)] = () => InCustomer((w, c, owner) => (owner, new ChangeRole(w.NewAdmin(c), RoleRef.Of(SystemRole.Auditor)))),
        [nameof(CreateUser)] = () => InCustomer((_, c, owner) => (owner, new CreateUser(c, "Uma@Example.test", "Uma", "User"))),
        [nameof(ImportUsers)] = () => InCustomer((_, c, owner) => (owner, new ImportUsers(c, [new("Uma@Example.test", "Uma", "User"), new("udo@example.test", "Udo", "User")]))),
        [nameof(EraseAccount)] = () => InCustomer((w, c, owner) => (owner, new EraseAccount(w.NewAdmin(c), "GDPR request"))),
        [nameof(ForceMfaReset)] = () => InCustomer((w, c, owner) => (owner, new ForceMfaReset(w.NewAdmin(c)))),
        [nameof(GrantFunctionPrivilege)] = () => InCustomer((w, c, owner) => (owner, new GrantFunctionPrivilege(w.NewAdmin(c), c, FunctionPrivilege.UserAdministrator))),
        [nameof(InviteAdmin)] = () => InCustomer((w, c, owner) => (owner, new InviteAdmin(c, "ivy@example.test", "Ivy", "Invitee", RoleRef.Of(SystemRole.Viewer), null, null))),
        [nameof(PromoteToOwner)] = () => InCustomer((w, c, owner) => (owner, new PromoteToOwner(w.NewAdmin(c)))),
        [nameof(ReactivateAccount)] = () => InCustomer((w, c, owner) =>
        {
            var admin = w.NewAdmin(c);
            w.GivenAccountEvent(admin, new AccountSetInactive(admin, null));
            return (owner, new ReactivateAccount(admin));
        }),
        [nameof(RemoveWorkspaceRole)] = () => InCustomer((w, c, owner) =>
        {
            var admin = w.NewAdmin(c, SystemRole.Viewer);
            var workspace = w.NewWorkspace(c);
            w.GivenWorkspaceRole(admin, workspace, SystemRole.WorkspaceAdmin);
            return (owner, new RemoveWorkspaceRole(admin, workspace));
        }),
        [nameof(ResendInvitation)] = () => InCustomer((w, c, owner) => (owner, new ResendInvitation(w.NewInvitation(c, RoleRef.Of(SystemRole.Viewer))))),
        [nameof(ResetPassword)] = () => InCustomer((w, c, owner) => (owner, new ResetPassword(w.NewAdmin(c)))),
        [nameof(RestoreAccount)] = () => InCustomer((w, c, owner) =>
        {
            var admin = w.NewAdmin(c);
            w.GivenAccountEvent(admin, new AccountSetDeleted(admin, AccountState.Active, null));
            return (owner, new RestoreAccount(admin));
        }),
        [nameof(RevokeFunctionPrivilege)] = () => InCustomer((w, c, owner) =>
        {
            var admin = w.NewAdmin(c);
            w.GivenPrivilege(admin, c, FunctionPrivilege.UserAdministrator);
            return (owner, new RevokeFunctionPrivilege(admin, c, FunctionPrivilege.UserAdministrator));
        }),
        [nameof(SetAccountDeleted)] = () => InCustomer((w, c, owner) => (owner, new SetAccountDeleted(w.NewAdmin(c), "left"))),
        [nameof(SetAdminInactive)] = () => InCustomer((w, c, owner) => (owner, new SetAdminInactive(w.NewAdmin(c), "on leave"))),
        [nameof(BeginImpersonation)] = () =>
        {
            var (world, operational, operatorAccount) = Scenes.Impersonation();
            return new Scene(world, operatorAccount, new BeginImpersonation(operational, world.SuperuserId));
        },
        [nameof(EndImpersonation)] = () =>
        {
            var (world, operational, operatorAccount) = Scenes.Impersonation();
            return new Scene(world, operatorAccount, new EndImpersonation(operational, world.SuperuserId));
        },
        [nameof(ChangeManagementMode)] = () => InCustomer((_, c, owner) => (owner, new ChangeManagementMode(c, ManagementMode.SelfManaged))),
        [nameof(ConfigureBranding)] = () =>
        {
            var world = World.WithInstallation();
            var partner = world.NewTenant(TenantKind.Partner);
            return new Scene(world, world.OwnerOf(partner), new ConfigureBranding(partner, "Brand", "https://brand.test/logo.png", "#1A2B3C"));
        },
        [nameof(ConfigureAuthenticationPolicy)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new ConfigureAuthenticationPolicy(c, [SignInMethod.Passkey], null, MfaEnforcement.RequiredForEveryone))),
        [nameof(CreateAuditStream)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new CreateAuditStream(c, "SIEM", "https://siem.test/audit", null))),
        [nameof(PauseAuditStream)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new PauseAuditStream(c, w.NewAuditStream(c)))),
        [nameof(ResumeAuditStream)] = () => InCustomer((w, c, _) =>
        {
            var stream = w.NewAuditStream(c);
            w.GivenTenantEvent(c, new AuditStreamPaused(c, stream));
            return (w.NewAdmin(c), new ResumeAuditStream(c, stream));
        }),
        [nameof(DeleteAuditStream)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new DeleteAuditStream(c, w.NewAuditStream(c), "moved to another SIEM"))),
        [nameof(CreateFederationConnection)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new CreateFederationConnection(c, "Corporate IdP", FederationProtocol.OpenIdConnect, World.OidcSettings, "s3cret"))),
        [nameof(EditFederationConnection)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new EditFederationConnection(c, w.NewFederationConnection(c), "Renamed IdP", World.OidcSettings, null, null))),
        [nameof(DisableFederationConnection)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new DisableFederationConnection(c, w.NewFederationConnection(c)))),
        [nameof(EnableFederationConnection)] = () => InCustomer((w, c, _) =>
        {
            var connection = w.NewFederationConnection(c);
            w.GivenTenantEvent(c, new FederationConnectionDisabled(c, connection));
            return (w.NewAdmin(c), new EnableFederationConnection(c, connection));
        }),
        [nameof(DeleteFederationConnection)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new DeleteFederationConnection(c, w.NewFederationConnection(c), "replaced"))),
        [nameof(RegisterApplication)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new RegisterApplication(c, "Shop", ApplicationKind.Web, ["https://shop.test/cb"], null))),
        [nameof(EditApplication)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new EditApplication(w.NewApplication(c), "Shop 2", ["https://shop2.test/cb"]))),
        [nameof(DisableApplication)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new DisableApplication(w.NewApplication(c), "misuse"))),
        [nameof(EnableApplication)] = () => InCustomer((w, c, _) =>
        {
            var application = w.NewApplication(c);
            w.GivenApplicationEvent(application, new ApplicationDisabled(application, c, null));
            return (w.NewAdmin(c), new EnableApplication(application));
        }),
        [nameof(DeleteApplication)] = () => InCustomer((w, c, _) => (w.NewAdmin(c), new DeleteApplication(w.NewApplication(c), "unused"))),
        [nameof(RestoreApplication)] = () => InCustomer((w, c, _) =>
        {
            var application = w.NewApplication(c);
            w.GivenApplicationEvent(application, new ApplicationDeleted(application, c, "unused"));
            return (w.NewAdmin(c), new RestoreApplication(application));
        }),
        [nameof(RotateApplicationSecret)] = () => InCustomer((w, c, _) => (w.NewAdmin(c, SystemRole.Operator), new RotateApplicationSecret(w.NewApplication(c, ApplicationKind.MachineToMachine), "yearly", 12, null))),
        [nameof(ConfigureTenantPolicy)] = () => InCustomer((_, c, owner) => (owner, new ConfigureTenantPolicy(c, [SignInMethod.Passkey], null, MfaEnforcement.RequiredForEveryone, null))),
        [nameof(CreateTenant)] = () =>
        {
            var world = World.WithInstallation();
            var partner = world.NewTenant(TenantKind.Partner);
            return new Scene(world, world.OwnerOf(partner), new CreateTenant(partner, TenantKind.Customer, "Acme", ManagementMode.SelfManaged, "olga@acme.test", "Olga", "Owner"));
        },
        [nameof(CreateWorkspace)] = () => InCustomer((_, c, owner) => (owner, new CreateWorkspace(c, "Sales"))),
        [nameof(DefineCustomRole)] = () => InCustomer((_, c, owner) => (owner, new DefineCustomRole(c, "Helpdesk", [Capability.ResetPassword, Capability.ViewUsers]))),
        [nameof(DefineImpersonationTarget)] = () => InCustomer((w, c, owner) => (owner, new DefineImpersonationTarget(c, w.SuperuserId))),
        [nameof(DeleteTenant)] = () => InCustomer((w, c, owner) => (owner, new DeleteTenant(c, w.Tenant(c).Name, "closed"))),
        [nameof(RestrictAncestorAccess)] = () => InCustomer((_, c, owner) => (owner, new RestrictAncestorAccess(c, true, "private"))),
        [nameof(TransferOwnership)] = () => InCustomer((w, c, owner) => (owner, new TransferOwnership(c, owner, w.NewAdmin(c)))),
    };

    public static TheoryData<string> AcceptedCases() => [.. Accepted.Keys];

    public static TheoryData<string> AllCommands() => [.. ReadPlanSpecs.Samples.Keys];

    public static TheoryData<string> CommandsOnAnAccount() =>
        [.. ReadPlanSpecs.Samples.Where(s => s.Value.Plan.Account is not null).Select(s => s.Key)];

    public static TheoryData<string> CommandsOnATenant() =>
        [.. ReadPlanSpecs.Samples.Where(s => s.Value.Plan.Tenant is not null && !s.Value.Plan.SystemActor).Select(s => s.Key)];

    [Fact]
    public void every_command_but_the_bootstrap_has_an_accepted_case_here() =>
        CommandCatalog.CommandTypes.Select(t => t.Name).Except(Accepted.Keys).ShouldBe([nameof(CreateInstallation)]);

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void a_command_decides_what_its_decider_decides_from_the_same_state(string command)
    {
        var scene = Accepted[command]();
        var issued = new List<Guid>();
        var inputs = scene.World.Read(scene.Command, scene.Actor, newId: () =>
        {
            var id = scene.World.NewId();
            issued.Add(id);
            return id;
        });

        var decided = scene.Command.Decide(inputs);

        scene.World.ReuseIds(issued);
        var byItsDecider = scene.World.Decide(scene.Actor, scene.Command);
        byItsDecider.ShouldBeAccepted().Events.ShouldNotBeEmpty();
        decided.ShouldDecideAs(byItsDecider);
    }

    [Theory]
    [MemberData(nameof(AllCommands))]
    public void deciding_without_inputs_is_a_programming_error(string command) =>
        Should.Throw<ArgumentNullException>(() => ReadPlanSpecs.Samples[command].Command.Decide(null!)).ParamName.ShouldBe("inputs");

    [Theory]
    [MemberData(nameof(CommandsOnAnAccount))]
    public void an_account_that_does_not_exist_is_not_found(string command)
    {
        var (sample, plan) = ReadPlanSpecs.Samples[command];
        var world = World.WithInstallation();

        var decision = sample.Decide(world.Read(sample, world.SuperuserId));

        decision.ShouldBeRejected(RejectionKind.NotFound, "account_not_found");
        decision.Rejection.ShouldBe(Missing.Account(plan.Account!.Value));
    }

    [Theory]
    [MemberData(nameof(CommandsOnAnAccount))]
    public void an_account_whose_tenant_does_not_exist_is_refused_for_the_tenant(string command)
    {
        var (sample, plan) = ReadPlanSpecs.Samples[command];
        var world = World.WithInstallation();
        var homeThatIsGone = plan.ScopeTenant ?? world.NewId();
        var account = plan.Account!.Value;
        world.GivenAccountEvent(account, new AdminCreated(account, homeThatIsGone, "ada@example.test", "Ada", "Admin", RoleRef.Of(SystemRole.Administrator)));

        var decision = sample.Decide(world.Read(sample, world.SuperuserId));

        decision.ShouldBeRejected(RejectionKind.NotFound, "tenant_not_found");
        decision.Rejection.ShouldBe(Missing.Tenant(homeThatIsGone));
    }

    [Theory]
    [MemberData(nameof(CommandsOnATenant))]
    public void a_tenant_that_does_not_exist_is_not_found(string command)
    {
        var (sample, plan) = ReadPlanSpecs.Samples[command];
        var world = World.WithInstallation();

        var decision = sample.Decide(world.Read(sample, world.SuperuserId));

        decision.ShouldBeRejected(RejectionKind.NotFound, "tenant_not_found");
        decision.Rejection.ShouldBe(Missing.Tenant(plan.Tenant!.Value));
    }

    [Fact]
    public void ownership_is_not_transferred_from_an_account_that_does_not_exist()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var nobody = world.NewId();
        var command = new TransferOwnership(customer, nobody, world.NewAdmin(customer));

        var decision = command.Decide(world.Read(command, owner));

        decision.ShouldBeRejected(RejectionKind.NotFound, "account_not_found");
        decision.Rejection.ShouldBe(Missing.Account(nobody));
    }

    [Fact]
    public void ownership_is_not_transferred_to_an_account_that_does_not_exist()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var nobody = world.NewId();
        var command = new TransferOwnership(customer, owner, nobody);

        var decision = command.Decide(world.Read(command, owner));

        decision.ShouldBeRejected(RejectionKind.NotFound, "account_not_found");
        decision.Rejection.ShouldBe(Missing.Account(nobody));
    }

    [Fact]
    public void an_impersonation_target_that_does_not_exist_is_not_found()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var nobody = world.NewId();
        var command = new DefineImpersonationTarget(customer, nobody);

        var decision = command.Decide(world.Read(command, world.OwnerOf(customer)));

        decision.ShouldBeRejected(RejectionKind.NotFound, "account_not_found");
        decision.Rejection.ShouldBe(Missing.Account(nobody));
    }

    [Fact]
    public void impersonating_an_account_that_does_not_exist_is_not_found()
    {
        var (world, operational, operatorAccount) = Scenes.Impersonation();
        var nobody = world.NewId();
        var command = new BeginImpersonation(operational, nobody);

        var decision = command.Decide(world.Read(command, operatorAccount));

        decision.ShouldBeRejected(RejectionKind.NotFound, "account_not_found");
        decision.Rejection.ShouldBe(Missing.Account(nobody));
    }

    [Fact]
    public void impersonation_by_a_caller_that_does_not_exist_is_refused_as_an_unknown_actor()
    {
        var (world, operational, _) = Scenes.Impersonation();
        var command = new BeginImpersonation(operational, world.SuperuserId);

        var decision = command.Decide(world.Read(command, world.NewId()));

        var rejection = decision.ShouldBeRejected(RejectionKind.Forbidden, "unknown_actor");
        rejection.Message.ShouldBe("The calling account does not exist in this installation.");
    }

    [Fact]
    public void a_new_account_is_refused_when_the_tenant_already_has_an_account_with_its_email_in_any_case()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var existing = world.Account(world.NewAdmin(customer));
        var invite = new InviteAdmin(customer, existing.Email!.ToUpperInvariant(), "Ivy", "Invitee", null, null, null);
        var create = new CreateUser(customer, existing.Email.ToUpperInvariant(), "Uma", "User");

        invite.Decide(world.Read(invite, owner)).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.EmailInUse);
        create.Decide(world.Read(create, owner)).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.EmailInUse);
    }

    [Fact]
    public void a_tenant_with_a_live_child_is_not_deleted()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner);
        world.NewTenant(TenantKind.Customer, partner);
        var command = new DeleteTenant(partner, world.Tenant(partner).Name, "closed");

        command.Decide(world.Read(command, world.OwnerOf(partner))).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.TenantHasChildren);
    }

    [Fact]
    public void the_installation_is_created_by_the_system_actor_with_the_fixed_infrastructure_id_whoever_sends_it()
    {
        var world = new World();
        var superuser = world.NewId();
        var command = new CreateInstallation("Installation", "su@example.test", "Super", "User");
        var inputs = world.Read(command, actorId: null, newId: () => superuser) with { Actor = ActorContext.Nobody(Guid.Empty, Guid.Empty) };

        var decision = command.Decide(inputs);

        decision.ShouldDecideAs(CreateInstallation.Decide(
            false, command, ActorContext.System(CreateInstallation.InfrastructureTenantId), CreateInstallation.InfrastructureTenantId, superuser, World.Now));
        decision.ShouldBeAccepted().Single<TenantCreated>(CreateInstallation.InfrastructureTenantId).Kind.ShouldBe(TenantKind.Infrastructure);
        CreateInstallation.InfrastructureTenantId.ShouldBe(new Guid("00000000-0000-0000-0000-0000000000f1"));
    }

    [Fact]
    public void a_second_installation_is_refused()
    {
        var world = new World();
        var command = new CreateInstallation("Installation", "su@example.test", "Super", "User");
        world.Apply(command.Decide(world.Read(command, actorId: null))).ShouldBeAccepted();

        var again = command.Decide(world.Read(command, actorId: null));

        again.ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.InstallationExists);
    }

    private static Scene InCustomer(Func<World, Guid, Guid, (Guid Actor, ITenancyCommand Command)> arrange)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var (actor, command) = arrange(world, customer, world.OwnerOf(customer));
        return new Scene(world, actor, command);
    }
}
