using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>
/// The caller of a command or a read (<see cref="ActorResolver.ResolveCaller"/>): nobody without an
/// identity, an unknown account or a tenant that does not exist; its own authority along the chain; or,
/// asking to act as the superuser, the impersonation (seed 004) or why not.
/// </summary>
public class ResolveCallerSpecs
{
    private readonly World world = World.WithInstallation();

    private ActorResolution Caller(Guid? actor, Guid? actAs, Guid tenant) =>
        ActorResolver.ResolveCaller(actor, actAs, world.Tenants.ContainsKey(tenant) ? world.Chain(tenant) : [], id => world.Accounts.GetValueOrDefault(id), tenant, world.Clock);

    [Fact]
    public void without_an_identity_nobody_acts()
    {
        var customer = world.NewTenant(TenantKind.Customer);

        var caller = Caller(null, world.SuperuserId, customer);

        caller.Rejection.ShouldBeNull();
        ShouldBeNobody(caller.Context, Guid.Empty, customer);
    }

    [Fact]
    public void an_account_that_does_not_exist_is_refused_as_unauthenticated_and_has_no_authority()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var unknown = world.NewId();

        var caller = Caller(unknown, null, customer);

        caller.Rejection.ShouldNotBeNull().Code.ShouldBe("unauthenticated");
        caller.Rejection.Kind.ShouldBe(RejectionKind.Forbidden);
        caller.Rejection.ShouldBeSameAs(ActorResolver.UnknownCaller);
        ShouldBeNobody(caller.Context, unknown, customer);
    }

    [Fact]
    public void in_a_tenant_that_does_not_exist_even_an_owner_has_no_authority()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var unknown = world.NewId();

        var caller = Caller(owner, null, unknown);

        caller.Rejection.ShouldBeNull();
        ShouldBeNobody(caller.Context, owner, unknown);
    }

    [Fact]
    public void asking_to_act_as_someone_where_the_caller_has_no_authority_is_answered_as_nobody_not_refused()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var other = world.NewTenant(TenantKind.Customer);
        var outsider = world.OwnerOf(other);

        var existing = Caller(outsider, world.SuperuserId, customer);
        var unknown = Caller(outsider, world.SuperuserId, world.NewId());

        // The same answer as for a tenant that does not exist: the header tells an outsider nothing.
        existing.Rejection.ShouldBeNull();
        ShouldBeNobody(existing.Context, outsider, customer);
        unknown.Rejection.ShouldBe(existing.Rejection);
        unknown.Context.Capabilities.ShouldBeEmpty();
    }

    [Fact]
    public void a_caller_acting_as_itself_has_its_authority_along_the_chain()
    {
        var partner = world.NewTenant(TenantKind.Partner);
        var customer = world.NewTenant(TenantKind.Customer, partner);
        var partnerAdmin = world.NewAdmin(partner);

        var caller = Caller(partnerAdmin, null, customer);

        caller.Rejection.ShouldBeNull();
        var expected = ActorResolver.Resolve(world.Account(partnerAdmin), world.Chain(customer));
        caller.Context.Source.ShouldBe(AuthoritySource.Inherited);
        caller.Context.ShouldBe(expected with { Capabilities = caller.Context.Capabilities, WorkspaceCapabilities = caller.Context.WorkspaceCapabilities });
        caller.Context.Capabilities.ShouldBe(expected.Capabilities, ignoreOrder: true);
    }

    [Fact]
    public void acting_as_the_superuser_without_a_begun_session_is_refused_before_anything_about_the_account_is_looked_at()
    {
        var (scene, operational, operatorAccount) = Scenes.Impersonation();
        scene.GivenTenantEvent(operational, new ImpersonationEnded(operational, operatorAccount, scene.SuperuserId, ImpersonationEnd.Ended));
        var guessed = scene.NewId();

        var withoutSession = ActorResolver.ResolveCaller(operatorAccount, scene.SuperuserId, scene.Chain(operational), id => scene.Accounts.GetValueOrDefault(id), operational, scene.Clock);
        var guessing = ActorResolver.ResolveCaller(operatorAccount, guessed, scene.Chain(operational), id => scene.Accounts.GetValueOrDefault(id), operational, scene.Clock);

        withoutSession.Rejection.ShouldNotBeNull().Code.ShouldBe(RejectionCodes.ImpersonationNotBegun);
        withoutSession.Rejection.Kind.ShouldBe(RejectionKind.Forbidden);
        guessing.Rejection.ShouldBe(withoutSession.Rejection, "a guessed id must learn nothing about whether it exists");
        ShouldBeNobody(withoutSession.Context, operatorAccount, operational);
    }

    [Fact]
    public void acting_as_the_superuser_after_the_session_ran_out_is_refused()
    {
        var (scene, operational, operatorAccount) = Scenes.Impersonation();
        var later = scene.Clock + ImpersonationSession.Length;

        var justBefore = ActorResolver.ResolveCaller(operatorAccount, scene.SuperuserId, scene.Chain(operational), id => scene.Accounts.GetValueOrDefault(id), operational, later.AddTicks(-1));
        var atExpiry = ActorResolver.ResolveCaller(operatorAccount, scene.SuperuserId, scene.Chain(operational), id => scene.Accounts.GetValueOrDefault(id), operational, later);

        justBefore.Rejection.ShouldBeNull();
        atExpiry.Rejection.ShouldNotBeNull().Code.ShouldBe(RejectionCodes.ImpersonationNotBegun);
    }

    [Fact]
    public void another_operators_session_does_not_open_one_for_the_caller()
    {
        var (scene, operational, _) = Scenes.Impersonation();
        var second = scene.NewAdmin(scene.InfrastructureId, SystemRole.Operator);
        scene.GivenPrivilege(second, scene.InfrastructureId, FunctionPrivilege.Impersonation);

        var caller = ActorResolver.ResolveCaller(second, scene.SuperuserId, scene.Chain(operational), id => scene.Accounts.GetValueOrDefault(id), operational, scene.Clock);

        caller.Rejection.ShouldNotBeNull().Code.ShouldBe(RejectionCodes.ImpersonationNotBegun);
    }

    [Fact]
    public void acting_as_an_account_that_does_not_exist_is_not_found_and_gives_no_authority()
    {
        var (scene, operational, operatorAccount) = Scenes.Impersonation();
        var unknown = scene.NewId();
        scene.GivenTenantEvent(operational, new ImpersonationBegan(operational, operatorAccount, unknown, scene.Clock + ImpersonationSession.Length));

        var caller = ActorResolver.ResolveCaller(operatorAccount, unknown, scene.Chain(operational), id => scene.Accounts.GetValueOrDefault(id), operational, scene.Clock);

        caller.Rejection.ShouldBe(Rejection.NotFound(
            "impersonation_target_not_found", $"There is no account {unknown} to act as; check the act-as header."));
        ShouldBeNobody(caller.Context, operatorAccount, operational);
    }

    [Fact]
    public void acting_as_the_superuser_with_every_condition_met_is_the_impersonation()
    {
        var (scene, operational, operatorAccount) = Scenes.Impersonation();

        var caller = ActorResolver.ResolveCaller(operatorAccount, scene.SuperuserId, scene.Chain(operational), id => scene.Accounts.GetValueOrDefault(id), operational, scene.Clock);

        caller.Rejection.ShouldBeNull();
        caller.Context.AccountId.ShouldBe(operatorAccount);
        caller.Context.ActingAsAccountId.ShouldBe(scene.SuperuserId);
        caller.Context.Source.ShouldBe(AuthoritySource.Impersonation);
        caller.Context.Has(Capability.CreateAccounts).ShouldBeTrue("the superuser's authority");
    }

    [Fact]
    public void acting_as_the_superuser_when_a_condition_is_missing_is_refused_with_why_and_gives_no_authority()
    {
        var (scene, operational, operatorAccount) = Scenes.Impersonation();
        scene.GivenAccountEvent(operatorAccount, new FunctionPrivilegeRevoked(operatorAccount, scene.InfrastructureId, FunctionPrivilege.Impersonation));

        var caller = ActorResolver.ResolveCaller(operatorAccount, scene.SuperuserId, scene.Chain(operational), id => scene.Accounts.GetValueOrDefault(id), operational, scene.Clock);

        caller.Rejection.ShouldBe(ActorResolver.ResolveImpersonation(scene.Account(operatorAccount), scene.Account(scene.SuperuserId), scene.Chain(operational)).Rejection);
        caller.Rejection!.Code.ShouldBe(RejectionCodes.ImpersonationNotAllowed);
        ShouldBeNobody(caller.Context, operatorAccount, operational);
    }

    [Fact]
    public void the_chain_and_the_account_lookup_are_required()
    {
        Should.Throw<ArgumentNullException>(() => ActorResolver.ResolveCaller(null, null, null!, _ => null, Guid.Empty, world.Clock)).ParamName.ShouldBe("chainFromRootToTarget");
        Should.Throw<ArgumentNullException>(() => ActorResolver.ResolveCaller(null, null, [], null!, Guid.Empty, world.Clock)).ParamName.ShouldBe("accountById");
    }

    private static void ShouldBeNobody(ActorContext context, Guid accountId, Guid tenantId)
    {
        context.AccountId.ShouldBe(accountId);
        context.ActingAsAccountId.ShouldBeNull();
        context.TenantId.ShouldBe(tenantId);
        context.EffectiveRole.ShouldBeNull();
        context.Source.ShouldBe(AuthoritySource.None);
        context.Capabilities.ShouldBeEmpty();
        context.WorkspaceCapabilities.ShouldBeEmpty();
    }
}
