using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Commands;

/// <summary>
/// What a decider sees (<see cref="CommandInputs"/>): the target account as read, and the two shapes of
/// command, on a tenant and on an account, refused with tenant_not_found or account_not_found when what
/// they name was not found.
/// </summary>
public class CommandInputsSpecs
{
    private readonly World world = World.WithInstallation();

    [Fact]
    public void the_account_is_the_plans_target_as_read()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        var inputs = world.Read(new ResetPassword(admin), world.OwnerOf(customer));

        inputs.Account.ShouldBe(world.Account(admin));
        inputs.AccountById(admin).ShouldBe(world.Account(admin));
        inputs.AccountById(world.OwnerOf(customer)).ShouldBe(world.Account(world.OwnerOf(customer)), "the caller's account is read too");
    }

    [Fact]
    public void there_is_no_account_when_the_plan_names_none_or_it_was_not_found()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var onTheTenant = world.Read(new CreateWorkspace(customer, "Sales"), owner);
        var unknown = world.NewId();
        var onAMissingAccount = world.Read(new ResetPassword(unknown), owner);

        onTheTenant.Accounts.Keys.ShouldContain(owner);
        onTheTenant.Account.ShouldBeNull();
        onAMissingAccount.Account.ShouldBeNull();
        onAMissingAccount.AccountById(unknown).ShouldBeNull();
    }

    [Fact]
    public void on_a_tenant_the_decision_is_made_with_the_tenant_read()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var inputs = world.Read(new CreateWorkspace(customer, "Sales"), world.OwnerOf(customer));
        Tenant? seen = null;

        var decision = inputs.OnTenant(tenant =>
        {
            seen = tenant;
            return Decision.Accept();
        });

        decision.ShouldBeAccepted();
        seen.ShouldBe(world.Tenant(customer));
    }

    [Fact]
    public void on_a_tenant_that_was_not_found_the_tenant_the_plan_names_is_not_found()
    {
        var unknown = world.NewId();

        var decision = Pipeline.Empty(ReadPlan.OnTenant(unknown)).OnTenant(_ => Decision.Accept());

        decision.ShouldBeRejected(RejectionKind.NotFound, "tenant_not_found");
        decision.Rejection.ShouldBe(Missing.Tenant(unknown));
    }

    [Fact]
    public void on_a_tenant_when_the_plan_names_none_no_tenant_is_found() =>
        Pipeline.Empty(new ReadPlan()).OnTenant(_ => Decision.Accept()).Rejection.ShouldBe(Missing.Tenant(Guid.Empty));

    [Fact]
    public void on_an_account_the_decision_is_made_with_the_account_and_its_home_tenant()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        var inputs = world.Read(new ResetPassword(admin), world.OwnerOf(customer));
        (Tenant Tenant, Account Account)? seen = null;

        var decision = inputs.OnAccount((tenant, account) =>
        {
            seen = (tenant, account);
            return Decision.Accept();
        });

        decision.ShouldBeAccepted();
        seen.ShouldBe((world.Tenant(customer), world.Account(admin)));
    }

    [Fact]
    public void on_an_account_that_was_not_found_the_account_the_plan_names_is_not_found()
    {
        var unknown = world.NewId();

        var decision = Pipeline.Empty(ReadPlan.OnAccount(unknown)).OnAccount((_, _) => Decision.Accept());

        decision.ShouldBeRejected(RejectionKind.NotFound, "account_not_found");
        decision.Rejection.ShouldBe(Missing.Account(unknown));
    }

    [Fact]
    public void on_an_account_when_the_plan_names_none_no_account_is_found() =>
        Pipeline.Empty(new ReadPlan()).OnAccount((_, _) => Decision.Accept()).Rejection.ShouldBe(Missing.Account(Guid.Empty));

    [Fact]
    public void on_an_account_whose_home_tenant_was_not_read_the_home_tenant_is_not_found()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        var inputs = world.Read(new ResetPassword(admin), world.OwnerOf(customer)) with { Chain = [] };

        var decision = inputs.OnAccount((_, _) => Decision.Accept());

        decision.ShouldBeRejected(RejectionKind.NotFound, "tenant_not_found");
        decision.Rejection.ShouldBe(Missing.Tenant(customer));
    }

    [Fact]
    public void on_an_account_whose_chain_ends_in_another_tenant_its_home_tenant_is_not_found()
    {
        var customer = world.NewTenant(TenantKind.Customer);
        var other = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        var inputs = world.Read(new ResetPassword(admin), world.OwnerOf(customer)) with { Chain = world.Chain(other) };

        var decision = inputs.OnAccount((_, _) => Decision.Accept());

        decision.Rejection.ShouldBe(Missing.Tenant(customer));
    }

    [Fact]
    public void a_command_shape_needs_a_decider()
    {
        var inputs = Pipeline.Empty(new ReadPlan());

        Should.Throw<ArgumentNullException>(() => inputs.OnTenant(null!)).ParamName.ShouldBe("decide");
        Should.Throw<ArgumentNullException>(() => inputs.OnAccount(null!)).ParamName.ShouldBe("decide");
    }

    [Fact]
    public void what_names_nothing_is_not_found_with_the_id_and_where_to_check_it()
    {
        var id = new Guid("12345678-0000-0000-0000-000000000009");

        Missing.Tenant(id).ShouldBe(new Rejection(
            "tenant_not_found", "There is no tenant 12345678-0000-0000-0000-000000000009; check the id (GET /tenants/{id}).", RejectionKind.NotFound));
        Missing.Account(id).ShouldBe(new Rejection(
            "account_not_found", "There is no account 12345678-0000-0000-0000-000000000009; check the id (GET /accounts/{id}).", RejectionKind.NotFound));
    }
}
