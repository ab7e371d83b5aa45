using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>
/// Seed 004 (docs/seeds.md), "What privileges and settings does an authorized user
/// require?": with every condition met an infrastructure account acts as the superuser; with any one
/// missing, it is refused. Each row names the condition it removes.
/// </summary>
public class Seed004ImpersonationConditions
{
    private const string Seed = "004_2a130a2cabc8c6a8.txt";

    private sealed record Scene(World World, Guid Operational, Guid Operator, Guid Superuser);

    /// <summary>Every condition met: the superuser has its privileges and is a target in the operational tenant "default".</summary>
    private static Scene AllConditionsMet()
    {
        var world = World.WithInstallation();
        var operational = world.NewTenant(TenantKind.Customer, name: "default");
        var superuser = world.SuperuserId;
        foreach (var privilege in FunctionPrivileges.RequiredOfSuperuserInOperationalTenant.Append(FunctionPrivilege.AnalysisAdministrator))
        {
            world.GivenPrivilege(superuser, operational, privilege);
        }

        world.GivenTenantEvent(operational, new ImpersonationTargetDefined(operational, superuser));
        var operatorAccount = world.NewAdmin(world.InfrastructureId, SystemRole.Operator);
        world.GivenPrivilege(operatorAccount, world.InfrastructureId, FunctionPrivilege.Impersonation);
        return new Scene(world, operational, operatorAccount, superuser);
    }

    /// <summary>Each removes one condition and returns who then tries, and in which tenant.</summary>
    private static readonly Dictionary<string, Func<Scene, (Guid Actor, Guid Tenant)>> RemoveCondition = new()
    {
        ["the user is created in an operational tenant instead"] = s =>
        {
            var elsewhere = s.World.NewAdmin(s.Operational, SystemRole.Administrator);
            s.World.GivenPrivilege(elsewhere, s.World.InfrastructureId, FunctionPrivilege.Impersonation);
            return (elsewhere, s.Operational);
        },
        ["the user lacks the Impersonation privilege in the infrastructure tenant"] = s =>
        {
            s.World.GivenAccountEvent(s.Operator, new FunctionPrivilegeRevoked(s.Operator, s.World.InfrastructureId, FunctionPrivilege.Impersonation));
            return (s.Operator, s.Operational);
        },
        ["the user holds Impersonation only in the operational tenant"] = s =>
        {
            s.World.GivenAccountEvent(s.Operator, new FunctionPrivilegeRevoked(s.Operator, s.World.InfrastructureId, FunctionPrivilege.Impersonation));
            s.World.GivenPrivilege(s.Operator, s.Operational, FunctionPrivilege.Impersonation);
            return (s.Operator, s.Operational);
        },
        ["the user's account is inactive"] = s =>
        {
            s.World.GivenAccountEvent(s.Operator, new AccountSetInactive(s.Operator, null));
            return (s.Operator, s.Operational);
        },
        ["superuser lacks User administrator in the infrastructure tenant"] = s => RevokeFromSuperuser(s, s.World.InfrastructureId, FunctionPrivilege.UserAdministrator),
        ["superuser lacks Impersonation in the infrastructure tenant"] = s => RevokeFromSuperuser(s, s.World.InfrastructureId, FunctionPrivilege.Impersonation),
        ["superuser lacks Tenant administrator in the infrastructure tenant"] = s => RevokeFromSuperuser(s, s.World.InfrastructureId, FunctionPrivilege.TenantAdministrator),
        ["superuser lacks Technical configuration administrator in the infrastructure tenant"] = s => RevokeFromSuperuser(s, s.World.InfrastructureId, FunctionPrivilege.TechnicalConfigurationAdministrator),
        ["superuser lacks User administrator in the operational tenant"] = s => RevokeFromSuperuser(s, s.Operational, FunctionPrivilege.UserAdministrator),
        ["superuser lacks Technical configuration administrator in the operational tenant"] = s => RevokeFromSuperuser(s, s.Operational, FunctionPrivilege.TechnicalConfigurationAdministrator),
        ["superuser is not defined as a target for impersonation in the operational tenant"] = s =>
        {
            var other = s.World.NewTenant(TenantKind.Customer, name: "other");
            s.World.GivenPrivilege(s.Superuser, other, FunctionPrivilege.UserAdministrator);
            s.World.GivenPrivilege(s.Superuser, other, FunctionPrivilege.TechnicalConfigurationAdministrator);
            return (s.Operator, other);
        },
        ["superuser account is inactive"] = s =>
        {
            s.World.GivenAccountEvent(s.Superuser, new AccountSetInactive(s.Superuser, null));
            return (s.Operator, s.Operational);
        },
        ["the operational tenant restricts access from ancestor tenants (seed 001)"] = s =>
        {
            s.World.GivenTenantEvent(s.Operational, new AncestorAccessRestricted(s.Operational, null));
            return (s.Operator, s.Operational);
        },
    };

    private static (Guid, Guid) RevokeFromSuperuser(Scene s, Guid tenantId, FunctionPrivilege privilege)
    {
        s.World.GivenAccountEvent(s.Superuser, new FunctionPrivilegeRevoked(s.Superuser, tenantId, privilege));
        return (s.Operator, s.Operational);
    }

    /// <summary>What each refusal says: the condition that is missing, so the person knows what to ask for.</summary>
    private static readonly Dictionary<string, string> Refusals = new()
    {
        ["the user is created in an operational tenant instead"] = "Only accounts created in the Infrastructure tenant can impersonate the superuser; ask for an infrastructure account.",
        ["the user lacks the Impersonation privilege in the infrastructure tenant"] = "You need the Impersonation function privilege in the Infrastructure tenant; ask the superuser to grant it.",
        ["the user holds Impersonation only in the operational tenant"] = "You need the Impersonation function privilege in the Infrastructure tenant; ask the superuser to grant it.",
        ["the user's account is inactive"] = "Your account is Inactive; only an Active account can impersonate.",
        ["superuser lacks User administrator in the infrastructure tenant"] = "The superuser lacks UserAdministrator in the Infrastructure tenant; grant them first.",
        ["superuser lacks Impersonation in the infrastructure tenant"] = "The superuser lacks Impersonation in the Infrastructure tenant; grant them first.",
        ["superuser lacks Tenant administrator in the infrastructure tenant"] = "The superuser lacks TenantAdministrator in the Infrastructure tenant; grant them first.",
        ["superuser lacks Technical configuration administrator in the infrastructure tenant"] = "The superuser lacks TechnicalConfigurationAdministrator in the Infrastructure tenant; grant them first.",
        ["superuser lacks User administrator in the operational tenant"] = "The superuser lacks UserAdministrator in 'default'; grant them there first.",
        ["superuser lacks Technical configuration administrator in the operational tenant"] = "The superuser lacks TechnicalConfigurationAdministrator in 'default'; grant them there first.",
        ["superuser is not defined as a target for impersonation in the operational tenant"] = "The superuser is not defined as an impersonation target in 'other'; define it there first.",
        ["superuser account is inactive"] = "The identity to act as must be an Active account of the Infrastructure tenant (the superuser).",
        // The impersonator has no reach in such a tenant, so the refusal does not name it.
        ["the operational tenant restricts access from ancestor tenants (seed 001)"] = "The tenant (or a tenant above it) does not allow administration from ancestor tenants.",
    };

    public static TheoryData<string, string> MissingConditions()
    {
        var data = new TheoryData<string, string>();
        foreach (var condition in RemoveCondition.Keys)
        {
            data.Add(Seed, condition);
        }

        return data;
    }

    [Fact]
    public void with_every_condition_met_the_user_acts_as_the_superuser_and_both_identities_are_recorded()
    {
        var s = AllConditionsMet();
        var decision = s.World.Decide(s.Operator, new BeginImpersonation(s.Operational, s.Superuser)).ShouldBeAccepted();
        decision.Single<ImpersonationBegan>(s.Operational).ShouldBe(new ImpersonationBegan(s.Operational, s.Operator, s.Superuser, s.World.Clock + ImpersonationSession.Length));

        var context = ActorResolver.ResolveImpersonation(s.World.Account(s.Operator), s.World.Account(s.Superuser), s.World.Chain(s.Operational));
        context.Rejection.ShouldBeNull();
        var actor = context.Context.ShouldNotBeNull();
        actor.AccountId.ShouldBe(s.Operator);
        actor.ActingAsAccountId.ShouldBe(s.Superuser);
        actor.EffectiveAccountId.ShouldBe(s.Superuser);
        actor.Source.ShouldBe(AuthoritySource.Impersonation);
        actor.EffectiveRole.ShouldBe(RoleRef.Of(SystemRole.Owner));
        actor.TenantId.ShouldBe(s.Operational);
        actor.Has(Capability.CreateAccounts).ShouldBeTrue("the operator acts with the superuser's authority");
        s.World.Actor(s.Operator, s.Operational).Has(Capability.CreateAccounts).ShouldBeFalse("as themselves, an infrastructure Operator does not");
    }

    [Theory]
    [MemberData(nameof(MissingConditions))]
    public void with_one_condition_missing_impersonation_is_refused(string seed, string condition)
    {
        var s = AllConditionsMet();
        var (actor, tenant) = RemoveCondition[condition](s);
        var reason = $"{seed}: {condition}";

        var decision = s.World.Decide(actor, new BeginImpersonation(tenant, s.Superuser));
        decision.IsAccepted.ShouldBeFalse(reason);
        decision.Events.ShouldBeEmpty();
        decision.Rejection!.Kind.ShouldBe(RejectionKind.Forbidden, reason);
        decision.Rejection.Code.ShouldBe(RejectionCodes.ImpersonationNotAllowed, reason);
        decision.Rejection.Message.ShouldBe(Refusals[condition], reason);
        ActorResolver.ResolveImpersonation(s.World.Account(actor), s.World.Account(s.Superuser), s.World.Chain(tenant))
            .Context.ShouldBeNull(reason);
    }

    [Fact]
    public void a_superuser_lacking_several_privileges_is_refused_with_all_of_them_named()
    {
        var s = AllConditionsMet();
        RevokeFromSuperuser(s, s.Operational, FunctionPrivilege.UserAdministrator);
        RevokeFromSuperuser(s, s.Operational, FunctionPrivilege.TechnicalConfigurationAdministrator);
        RevokeFromSuperuser(s, s.World.InfrastructureId, FunctionPrivilege.UserAdministrator);
        RevokeFromSuperuser(s, s.World.InfrastructureId, FunctionPrivilege.TenantAdministrator);

        s.World.Decide(s.Operator, new BeginImpersonation(s.Operational, s.Superuser))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.ImpersonationNotAllowed).Message
            .ShouldBe("The superuser lacks UserAdministrator, TenantAdministrator in the Infrastructure tenant; grant them first.");
        s.World.GivenPrivilege(s.Superuser, s.World.InfrastructureId, FunctionPrivilege.UserAdministrator);
        s.World.GivenPrivilege(s.Superuser, s.World.InfrastructureId, FunctionPrivilege.TenantAdministrator);
        s.World.Decide(s.Operator, new BeginImpersonation(s.Operational, s.Superuser))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.ImpersonationNotAllowed).Message
            .ShouldBe("The superuser lacks UserAdministrator, TechnicalConfigurationAdministrator in 'default'; grant them there first.");
    }

    [Fact]
    public void impersonation_happens_in_operational_tenants_not_in_the_infrastructure_tenant()
    {
        var s = AllConditionsMet();
        s.World.Decide(s.Operator, new BeginImpersonation(s.World.InfrastructureId, s.Superuser))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.InfrastructureTenant);
    }

    [Fact]
    public void a_missing_licensed_privilege_narrows_what_the_superuser_does_but_does_not_stop_impersonation()
    {
        // Seed 004: "If a function privilege is not assigned, for example, Analysis administrator, ad hoc
        // analyses and queries for this tenant are not backed up."
        var s = AllConditionsMet();
        s.World.GivenAccountEvent(s.Superuser, new FunctionPrivilegeRevoked(s.Superuser, s.Operational, FunctionPrivilege.AnalysisAdministrator));
        var actor = s.World.Impersonating(s.Operator, s.Superuser, s.Operational);
        actor.Has(Capability.AdministerAnalysis).ShouldBeFalse();
        actor.Has(Capability.ManageTechnicalConfiguration).ShouldBeTrue();
    }

    [Fact]
    public void the_impersonation_privilege_is_assigned_on_the_infrastructure_tenant_only()
    {
        // Seed 004: "the Impersonation function privilege, which is assigned to relevant users on the infrastructure tenant".
        var s = AllConditionsMet();
        var customerAdmin = s.World.NewAdmin(s.Operational);
        s.World.Decide(s.Superuser, new GrantFunctionPrivilege(customerAdmin, s.Operational, FunctionPrivilege.Impersonation))
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidPrivilegeScope);
    }

    [Fact]
    public void users_get_their_privileges_from_the_superuser_and_not_from_someone_who_lacks_them()
    {
        // Seed 004: "users to which the required privileges are assigned by the user superuser can manage tenants".
        var s = AllConditionsMet();
        var newcomer = s.World.NewAdmin(s.World.InfrastructureId, SystemRole.Viewer);
        var infrastructureAdmin = s.World.NewAdmin(s.World.InfrastructureId, SystemRole.Administrator);

        s.World.Decide(infrastructureAdmin, new GrantFunctionPrivilege(newcomer, s.World.InfrastructureId, FunctionPrivilege.Impersonation))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.Escalation);
        s.World.Execute(s.Superuser, new GrantFunctionPrivilege(newcomer, s.World.InfrastructureId, FunctionPrivilege.Impersonation))
            .ShouldBeAccepted();
        s.World.Decide(newcomer, new BeginImpersonation(s.Operational, s.Superuser)).ShouldBeAccepted();
    }

    [Fact]
    public void the_superuser_is_defined_as_a_target_by_an_administrator_of_the_operational_tenant()
    {
        var world = World.WithInstallation();
        var operational = world.NewTenant(TenantKind.Customer);
        var decision = world.Execute(world.OwnerOf(operational), new DefineImpersonationTarget(operational, world.SuperuserId)).ShouldBeAccepted();
        decision.Single<ImpersonationTargetDefined>(operational);
        world.Tenant(operational).ImpersonationTargets.ShouldContain(world.SuperuserId);

        var viewer = world.NewAdmin(operational, SystemRole.Viewer);
        world.Decide(viewer, new DefineImpersonationTarget(operational, world.SuperuserId)).ShouldBeRejected(RejectionKind.Forbidden);
        var notInfrastructure = world.NewAdmin(operational);
        world.Decide(world.OwnerOf(operational), new DefineImpersonationTarget(operational, notInfrastructure)).ShouldBeRejected(RejectionKind.Conflict);
    }
}
