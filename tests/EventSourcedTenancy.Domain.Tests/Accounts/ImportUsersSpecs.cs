using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>Seed 003 "Bulk import / export users": many accounts as one command, all or none.</summary>
public class when_users_are_imported_in_bulk
{
    private static ImportedUser Row(int i) => new($"user{i}@acme.test", "User", $"Number{i}");

    [Fact]
    public void every_row_becomes_an_active_user_account_of_its_own_in_the_tenant()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        ImportedUser[] rows = [new("Ada@Acme.Test", "Ada", "Lovelace"), Row(2), Row(3)];

        var decision = world.Execute(world.OwnerOf(customer), new ImportUsers(customer, rows));

        decision.IsAccepted.ShouldBeTrue(decision.ToString());
        var created = decision.Events.Select(e => (e.StreamId, Event: e.Event.ShouldBeOfType<UserCreated>())).ToList();
        created.Count.ShouldBe(3);
        created.Select(c => c.StreamId).ShouldBeUnique();
        created.ShouldAllBe(c => c.Event.AccountId == c.StreamId && c.Event.TenantId == customer);
        created.Select(c => c.Event.Email).ShouldBe(["ada@acme.test", "user2@acme.test", "user3@acme.test"]);
        created[0].Event.FirstName.ShouldBe("Ada");
        created.ShouldAllBe(c => world.Account(c.StreamId).State == AccountState.Active && world.Account(c.StreamId).Kind == AccountKind.User);
    }

    [Fact]
    public void a_batch_with_bad_rows_is_refused_whole_with_each_bad_row_named()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var existing = world.Account(world.NewUser(customer)).Email!;
        ImportedUser[] rows = [Row(0), new("not an email", "Bad", "Email"), Row(2), new("USER0@acme.test", "Same", "Again"), new(existing, "Taken", "Already"), new("ok@acme.test", "", "NoFirstName")];

        var decision = world.Decide(world.OwnerOf(customer), new ImportUsers(customer, rows));

        var rejection = decision.Rejection.ShouldNotBeNull();
        decision.Events.ShouldBeEmpty();
        rejection.Code.ShouldBe(RejectionCodes.InvalidRows);
        rejection.Kind.ShouldBe(RejectionKind.Invalid);
        rejection.Message.ShouldStartWith("4 of 6 rows were refused and nothing was imported: ");
        rejection.Message.ShouldContain($"users[1] {RejectionCodes.InvalidEmail}: ");
        rejection.Message.ShouldContain($"users[3] {RejectionCodes.DuplicateEmail}: Row 0 has the same email");
        rejection.Message.ShouldContain($"users[4] {RejectionCodes.EmailInUse}: ");
        rejection.Message.ShouldContain($"users[5] {RejectionCodes.InvalidName}: ");
        rejection.Message.ShouldNotContain("users[0]");
        rejection.Message.ShouldNotContain("users[2]");
    }

    [Fact]
    public void a_batch_refused_only_for_emails_already_taken_is_a_conflict()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var taken = world.Account(world.NewUser(customer)).Email!;

        var rejection = world.Decide(world.OwnerOf(customer), new ImportUsers(customer, [Row(1), new(taken.ToUpperInvariant(), "Taken", "Already")])).Rejection.ShouldNotBeNull();

        rejection.Code.ShouldBe(RejectionCodes.InvalidRows);
        rejection.Kind.ShouldBe(RejectionKind.Conflict);
        rejection.Message.ShouldContain($"users[1] {RejectionCodes.EmailInUse}: ");
    }

    [Fact]
    public void an_erased_accounts_email_may_be_imported_again()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var erased = world.NewUser(customer);
        var email = world.Account(erased).Email!;
        world.GivenAccountEvent(erased, new AccountErased(erased, null));

        world.Decide(world.OwnerOf(customer), new ImportUsers(customer, [new(email, "New", "Person")])).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void past_fifty_refused_rows_the_rest_are_counted_not_named()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var rows = Enumerable.Range(0, 60).Select(i => new ImportedUser($"bad{i}", "Bad", "Row")).ToList();

        var rejection = world.Decide(world.OwnerOf(customer), new ImportUsers(customer, rows)).Rejection.ShouldNotBeNull();

        rejection.Message.ShouldStartWith("60 of 60 rows were refused");
        rejection.Message.ShouldContain("users[49] invalid_email");
        rejection.Message.ShouldNotContain("users[50]");
        rejection.Message.ShouldContain("; and 10 more.");
    }

    [Theory]
    [InlineData(SystemRole.Owner, null)]
    [InlineData(SystemRole.Administrator, null)]
    [InlineData(SystemRole.Manager, RejectionCodes.MissingCapability)]
    [InlineData(SystemRole.Operator, RejectionCodes.MissingCapability)]
    [InlineData(SystemRole.Viewer, RejectionCodes.MissingCapability)]
    public void only_a_role_that_may_import_in_bulk_and_create_accounts_imports(SystemRole role, string? refused)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var actor = role == SystemRole.Owner ? world.OwnerOf(customer) : world.NewAdmin(customer, role);

        var decision = world.Decide(actor, new ImportUsers(customer, [Row(1)]));

        decision.Rejection?.Code.ShouldBe(refused);
        decision.Events.Count.ShouldBe(refused is null ? 1 : 0);
        if (refused is not null)
        {
            decision.Rejection!.Message.ShouldContain("import users in bulk");
        }
    }

    [Fact]
    public void an_empty_batch_and_a_deleted_tenant_are_refused()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);

        world.Decide(owner, new ImportUsers(customer, [])).Rejection.ShouldNotBeNull().Code.ShouldBe(RejectionCodes.InvalidValue);
        world.GivenTenantEvent(customer, new TenantDeleted(customer, null));
        world.Decide(owner, new ImportUsers(customer, [Row(1)])).Rejection.ShouldNotBeNull().Code.ShouldBe(RejectionCodes.TenantDeleted);
    }

    [Fact]
    public void the_shape_rules_allow_five_thousand_rows_name_the_bad_field_and_keep_other_lists_at_a_hundred()
    {
        var tenant = Guid.NewGuid();
        var many = Enumerable.Range(0, ImportUsers.MaxUsers).Select(Row).ToList();
        CommandShape.Check(new ImportUsers(tenant, many)).ShouldBeNull();
        CommandShape.Check(new ImportUsers(tenant, [.. many, Row(ImportUsers.MaxUsers)])).ShouldNotBeNull().Message.ShouldContain("more than 5000 items");
        CommandShape.Check(new ImportUsers(tenant, [Row(0), new("a\u0000b@acme.test", "Nul", "Char")])).ShouldNotBeNull().Message.ShouldContain("'users[1].email'");
        CommandShape.Check(new ImportUsers(tenant, [Row(0), null!])).ShouldNotBeNull().Message.ShouldContain("'users[1]' is null");
        CommandShape.Check(new DefineCustomRole(tenant, "Wide", [.. Enumerable.Repeat(Capability.ViewUsers, CommandShape.MaxListLength + 1)]))
            .ShouldNotBeNull().Message.ShouldContain($"more than {CommandShape.MaxListLength} items");
    }
}
