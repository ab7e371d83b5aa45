using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Commands;

/// <summary>
/// A command declares what must be read to decide it (<see cref="ITenancyCommand.Reads"/>): the tenant or
/// account it writes to, where the actor's authority is resolved, and the few extra facts it needs.
/// </summary>
public class ReadPlanSpecs
{
    private static readonly Guid TenantId = new("7e000000-0000-0000-0000-000000000001");
    private static readonly Guid AccountId = new("acc00000-0000-0000-0000-000000000001");
    private static readonly Guid OtherAccountId = new("acc00000-0000-0000-0000-000000000002");
    private static readonly Guid WorkspaceId = new("0b000000-0000-0000-0000-000000000001");
    private static readonly Guid ApplicationId = new("a0000000-0000-0000-0000-000000000001");

    private static readonly ReadPlan OnTheAccount = new(Account: AccountId);
    private static readonly ReadPlan OnTheTenant = new(Tenant: TenantId);
    private static readonly ReadPlan OnTheApplication = new(Application: ApplicationId);

    /// <summary>A sample of every command, and the plan it must declare.</summary>
    public static IReadOnlyDictionary<string, (ITenancyCommand Command, ReadPlan Plan)> Samples { get; } =
        new Dictionary<string, (ITenancyCommand, ReadPlan)>
        {
            [nameof(AcceptInvitation)] = (new AcceptInvitation(AccountId), OnTheAccount),
            [nameof(AssignWorkspaceRole)] = (new AssignWorkspaceRole(AccountId, WorkspaceId, SystemRole.WorkspaceAdmin), OnTheAccount),
            [nameof(ChangeRole)] = (new ChangeRole(AccountId, RoleRef.Of(SystemRole.Viewer)), OnTheAccount),
            [nameof(CreateUser)] = (new CreateUser(TenantId, "Uma@Example.test", "Uma", "User"), new ReadPlan(Tenant: TenantId, EmailInScope: "Uma@Example.test")),
            [nameof(ImportUsers)] = (new ImportUsers(TenantId, [new("Uma@Example.test", "Uma", "User"), new("udo@example.test", "Udo", "User")]), new ReadPlan(Tenant: TenantId, EmailsInScope: ["Uma@Example.test", "udo@example.test"])),
            [nameof(EraseAccount)] = (new EraseAccount(AccountId, "GDPR request"), OnTheAccount),
            [nameof(ForceMfaReset)] = (new ForceMfaReset(AccountId), OnTheAccount),
            [nameof(GrantFunctionPrivilege)] = (new GrantFunctionPrivilege(AccountId, TenantId, FunctionPrivilege.UserAdministrator), new ReadPlan(Account: AccountId, ScopeTenant: TenantId)),
            [nameof(InviteAdmin)] = (new InviteAdmin(TenantId, "ivy@example.test", "Ivy", "Invitee", null, null, null), new ReadPlan(Tenant: TenantId, EmailInScope: "ivy@example.test")),
            [nameof(PromoteToOwner)] = (new PromoteToOwner(AccountId), OnTheAccount),
            [nameof(ReactivateAccount)] = (new ReactivateAccount(AccountId), OnTheAccount),
            [nameof(RemoveWorkspaceRole)] = (new RemoveWorkspaceRole(AccountId, WorkspaceId), OnTheAccount),
            [nameof(ResendInvitation)] = (new ResendInvitation(AccountId), OnTheAccount),
            [nameof(ResetPassword)] = (new ResetPassword(AccountId), OnTheAccount),
            [nameof(RestoreAccount)] = (new RestoreAccount(AccountId), new ReadPlan(Account: AccountId, DeletedAt: true)),
            [nameof(RevokeFunctionPrivilege)] = (new RevokeFunctionPrivilege(AccountId, TenantId, FunctionPrivilege.UserAdministrator), new ReadPlan(Account: AccountId, ScopeTenant: TenantId)),
            [nameof(SetAccountDeleted)] = (new SetAccountDeleted(AccountId, "left"), OnTheAccount),
            [nameof(SetAdminInactive)] = (new SetAdminInactive(AccountId, "on leave"), OnTheAccount),
            [nameof(BeginImpersonation)] = (new BeginImpersonation(TenantId, AccountId), new ReadPlan(Tenant: TenantId, OtherAccounts: [AccountId])),
            [nameof(EndImpersonation)] = (new EndImpersonation(TenantId, AccountId), new ReadPlan(Tenant: TenantId)),
            [nameof(ChangeManagementMode)] = (new ChangeManagementMode(TenantId, ManagementMode.SelfManaged), OnTheTenant),
            [nameof(ConfigureBranding)] = (new ConfigureBranding(TenantId, "Brand", null, null), OnTheTenant),
            [nameof(ConfigureAuthenticationPolicy)] = (new ConfigureAuthenticationPolicy(TenantId, null, null, MfaEnforcement.RequiredForEveryone), OnTheTenant),
            [nameof(CreateAuditStream)] = (new CreateAuditStream(TenantId, "SIEM", "https://siem.test/audit", null), OnTheTenant),
            [nameof(PauseAuditStream)] = (new PauseAuditStream(TenantId, ApplicationId), OnTheTenant),
            [nameof(ResumeAuditStream)] = (new ResumeAuditStream(TenantId, ApplicationId), OnTheTenant),
            [nameof(DeleteAuditStream)] = (new DeleteAuditStream(TenantId, ApplicationId, null), OnTheTenant),
            [nameof(CreateFederationConnection)] = (new CreateFederationConnection(TenantId, "IdP", FederationProtocol.OpenIdConnect, World.OidcSettings, "s3cret"), OnTheTenant),
            [nameof(EditFederationConnection)] = (new EditFederationConnection(TenantId, ApplicationId, "IdP", World.OidcSettings, null, null), OnTheTenant),
            [nameof(EnableFederationConnection)] = (new EnableFederationConnection(TenantId, ApplicationId), OnTheTenant),
            [nameof(DisableFederationConnection)] = (new DisableFederationConnection(TenantId, ApplicationId), OnTheTenant),
            [nameof(DeleteFederationConnection)] = (new DeleteFederationConnection(TenantId, ApplicationId, null), OnTheTenant),
            [nameof(RegisterApplication)] = (new RegisterApplication(TenantId, "Shop", ApplicationKind.Web, ["https://shop.test/cb"], null), OnTheTenant),
            [nameof(EditApplication)] = (new EditApplication(ApplicationId, "Shop", []), OnTheApplication),
            [nameof(EnableApplication)] = (new EnableApplication(ApplicationId), OnTheApplication),
            [nameof(DisableApplication)] = (new DisableApplication(ApplicationId, null), OnTheApplication),
            [nameof(DeleteApplication)] = (new DeleteApplication(ApplicationId, "unused"), OnTheApplication),
            [nameof(RestoreApplication)] = (new RestoreApplication(ApplicationId), new ReadPlan(Application: ApplicationId, DeletedAt: true)),
            [nameof(RotateApplicationSecret)] = (new RotateApplicationSecret(ApplicationId, "yearly", null, null), OnTheApplication),
            [nameof(ConfigureTenantPolicy)] = (new ConfigureTenantPolicy(TenantId, null, null, MfaEnforcement.RequiredForEveryone, null), OnTheTenant),
            [nameof(CreateInstallation)] = (new CreateInstallation("Installation", "su@example.test", "Super", "User"), new ReadPlan(Tenant: CreateInstallation.InfrastructureTenantId, SystemActor: true)),
            [nameof(CreateTenant)] = (new CreateTenant(TenantId, TenantKind.Customer, "Acme", ManagementMode.SelfManaged, "o@acme.test", "Olga", "Owner"), OnTheTenant),
            [nameof(CreateWorkspace)] = (new CreateWorkspace(TenantId, "Sales"), OnTheTenant),
            [nameof(DefineCustomRole)] = (new DefineCustomRole(TenantId, "Helpdesk", [Capability.ResetPassword]), OnTheTenant),
            [nameof(DefineImpersonationTarget)] = (new DefineImpersonationTarget(TenantId, AccountId), new ReadPlan(Tenant: TenantId, OtherAccounts: [AccountId])),
            [nameof(DeleteTenant)] = (new DeleteTenant(TenantId, "Acme", "closed"), new ReadPlan(Tenant: TenantId, CountLiveChildren: true)),
            [nameof(RestrictAncestorAccess)] = (new RestrictAncestorAccess(TenantId, true, "private"), OnTheTenant),
            [nameof(TransferOwnership)] = (new TransferOwnership(TenantId, AccountId, OtherAccountId), new ReadPlan(Tenant: TenantId, OtherAccounts: [AccountId, OtherAccountId])),
        };

    public static TheoryData<string> Commands() => [.. Samples.Keys];

    [Fact]
    public void every_command_of_the_domain_has_a_sample_plan_here() =>
        CommandCatalog.CommandTypes.Select(t => t.Name).ShouldBe(Samples.Keys, ignoreOrder: true);

    [Theory]
    [MemberData(nameof(Commands))]
    public void a_command_declares_exactly_the_reads_it_needs(string command)
    {
        var (sample, expected) = Samples[command];
        ShouldBePlan(sample.Reads(), expected);
    }

    [Fact]
    public void on_a_tenant_the_tenant_is_read_and_authority_is_resolved_there() =>
        ShouldBePlan(ReadPlan.OnTenant(TenantId), new ReadPlan(Tenant: TenantId));

    [Fact]
    public void on_an_account_authority_is_resolved_in_its_home_unless_a_scope_tenant_is_named()
    {
        ShouldBePlan(ReadPlan.OnAccount(AccountId), new ReadPlan(Account: AccountId));
        ShouldBePlan(ReadPlan.OnAccount(AccountId, TenantId), new ReadPlan(Account: AccountId, ScopeTenant: TenantId));
    }

    [Fact]
    public void a_new_account_reads_the_tenant_and_its_account_with_that_email()
    {
        ShouldBePlan(ReadPlan.NewAccountIn(TenantId, "ivy@example.test"), new ReadPlan(Tenant: TenantId, EmailInScope: "ivy@example.test"));
        ShouldBePlan(ReadPlan.NewAccountIn(TenantId, null), new ReadPlan(Tenant: TenantId, EmailInScope: string.Empty));
    }

    [Fact]
    public void a_plan_by_default_reads_nothing_and_is_decided_for_a_caller()
    {
        var plan = new ReadPlan();
        ShouldBePlan(plan, new ReadPlan(null, null, null, null, null, CountLiveChildren: false, SystemActor: false, DeletedAt: false));
        plan.Target.ShouldBeNull();
    }

    [Fact]
    public void the_target_is_the_account_when_there_is_one_else_the_tenant()
    {
        ReadPlan.OnAccount(AccountId).Target.ShouldBe(AccountId);
        ReadPlan.OnTenant(TenantId).Target.ShouldBe(TenantId);
        ReadPlan.OnApplication(ApplicationId).Target.ShouldBe(ApplicationId);
        new ReadPlan(Tenant: TenantId, Account: AccountId).Target.ShouldBe(AccountId);
    }

    /// <summary>Field by field; <see cref="ReadPlan.OtherAccounts"/> by its items.</summary>
    private static void ShouldBePlan(ReadPlan actual, ReadPlan expected)
    {
        (actual with { OtherAccounts = null, EmailsInScope = null }).ShouldBe(expected with { OtherAccounts = null, EmailsInScope = null });
        actual.OtherAccounts?.ToArray().ShouldBe(expected.OtherAccounts?.ToArray());
        (actual.OtherAccounts is null).ShouldBe(expected.OtherAccounts is null, "other accounts");
        actual.EmailsInScope?.ToArray().ShouldBe(expected.EmailsInScope?.ToArray());
        (actual.EmailsInScope is null).ShouldBe(expected.EmailsInScope is null, "emails in scope");
    }
}
