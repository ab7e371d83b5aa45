using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

public class when_ownership_is_transferred
{
    [Fact]
    public void the_tenant_and_both_accounts_record_it_and_the_previous_owner_stays_an_administrator()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var successor = world.NewAdmin(customer, SystemRole.Operator);

        var decision = world.Execute(owner, new TransferOwnership(customer, owner, successor)).ShouldBeAccepted();

        decision.Single<OwnershipTransferred>(customer).ShouldBe(new OwnershipTransferred(customer, owner, successor));
        decision.Single<RoleChanged>(owner).To.ShouldBe(RoleRef.Of(SystemRole.Administrator));
        decision.Single<PromotedToOwner>(successor);
        world.Tenant(customer).ActiveOwners.ShouldBe([successor]);
        world.Account(owner).Role.ShouldBe(RoleRef.Of(SystemRole.Administrator));
    }

    [Fact]
    public void an_administrator_cannot_transfer_ownership()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        world.Decide(admin, new TransferOwnership(customer, world.OwnerOf(customer), admin)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerOnly);
    }

    [Theory]
    [InlineData("a user account")]
    [InlineData("an inactive administrator")]
    [InlineData("an invited administrator")]
    [InlineData("an account of another tenant")]
    public void it_goes_only_to_an_active_administrator_of_the_same_tenant(string to)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var target = to switch
        {
            "a user account" => world.NewUser(customer),
            "an invited administrator" => world.NewInvitation(customer, RoleRef.Of(SystemRole.Administrator)),
            "an account of another tenant" => world.NewAdmin(world.NewTenant(TenantKind.Customer)),
            _ => world.NewAdmin(customer),
        };
        if (to == "an inactive administrator")
        {
            world.GivenAccountEvent(target, new AccountSetInactive(target, null));
        }

        world.Decide(owner, new TransferOwnership(customer, owner, target)).ShouldBeRejected(RejectionKind.Conflict);
    }
}

public class when_a_tenant_is_deleted
{
    [Fact]
    public void the_owner_confirms_with_the_tenant_name_and_then_nothing_changes_in_it()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme Ltd");
        var owner = world.OwnerOf(customer);
        var admin = world.NewAdmin(customer);

        world.Decide(owner, new DeleteTenant(customer, "acme ltd", null)).ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.ConfirmationMismatch);
        world.Execute(owner, new DeleteTenant(customer, "Acme Ltd", "contract ended")).ShouldBeAccepted().Single<TenantDeleted>(customer);

        world.Tenant(customer).IsDeleted.ShouldBeTrue();
        var asOwner = ActorContext.System(customer);
        CreateWorkspace.Decide(world.Tenant(customer), new CreateWorkspace(customer, "Late"), asOwner, Guid.NewGuid(), World.Now)
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.TenantDeleted);
        SetAdminInactive.Decide(world.Tenant(customer), world.Account(admin), new SetAdminInactive(admin, null), asOwner, World.Now)
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.TenantDeleted);
    }

    [Fact]
    public void an_administrator_cannot_delete_the_tenant()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        world.Decide(world.NewAdmin(customer), new DeleteTenant(customer, "Acme", null)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerOnly);
    }

    [Fact]
    public void a_tenant_with_live_children_is_not_deleted()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        world.NewTenant(TenantKind.Unit, customer);
        world.Decide(world.OwnerOf(customer), new DeleteTenant(customer, "Acme", null)).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.TenantHasChildren);
    }

    [Fact]
    public void the_infrastructure_tenant_is_never_deleted()
    {
        var world = World.WithInstallation();
        world.Decide(world.SuperuserId, new DeleteTenant(world.InfrastructureId, "Installation", null))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.InfrastructureTenant);
    }
}

/// <summary>
/// docs/product.md: at least one active Owner per live tenant; the last cannot be demoted, deactivated,
/// deleted or erased.
/// </summary>
public class when_the_last_owner_would_go
{
    public static TheoryData<string> WaysToGo() => ["demoted", "set inactive", "set deleted", "erased", "demoted through ChangeRole to a custom role"];

    private static object CommandFor(string how, Guid owner, Guid customRole) => how switch
    {
        "demoted" => new ChangeRole(owner, RoleRef.Of(SystemRole.Administrator)),
        "set inactive" => new SetAdminInactive(owner, null),
        "set deleted" => new SetAccountDeleted(owner, null),
        "erased" => new EraseAccount(owner, null),
        _ => new ChangeRole(owner, RoleRef.Custom(customRole)),
    };

    [Theory]
    [MemberData(nameof(WaysToGo))]
    public void it_is_rejected_and_nothing_is_written(string how)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var role = world.Execute(owner, new DefineCustomRole(customer, "Reader", [Capability.ViewUsers])).Single<CustomRoleDefined>(customer).RoleId;

        var rejection = world.Decide(owner, CommandFor(how, owner, role)).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.LastOwner);
        rejection.Message.ShouldContain("last active Owner");
    }

    [Theory]
    [MemberData(nameof(WaysToGo))]
    public void with_a_second_owner_it_is_accepted_and_the_tenant_withdraws_the_owner(string how)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var second = world.NewAdmin(customer, SystemRole.Owner);
        var role = world.Execute(owner, new DefineCustomRole(customer, "Reader", [Capability.ViewUsers])).Single<CustomRoleDefined>(customer).RoleId;

        var decision = world.Execute(second, CommandFor(how, owner, role)).ShouldBeAccepted();

        decision.Single<OwnerWithdrawn>(customer).ShouldBe(new OwnerWithdrawn(customer, owner));
        world.Tenant(customer).ActiveOwners.ShouldBe([second]);
        world.Decide(second, CommandFor(how == "erased" ? "erased" : "set inactive", second, role))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.LastOwner);
    }

    [Fact]
    public void an_owner_coming_back_rejoins_the_owner_set()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var second = world.NewAdmin(customer, SystemRole.Owner);

        world.Execute(owner, new SetAdminInactive(second, null)).ShouldBeAccepted();
        world.Execute(owner, new ReactivateAccount(second)).ShouldBeAccepted().Single<OwnerAdded>(customer);
        world.Execute(owner, new SetAccountDeleted(second, null)).ShouldBeAccepted().Single<OwnerWithdrawn>(customer);
        world.Execute(owner, new RestoreAccount(second)).ShouldBeAccepted().Single<OwnerAdded>(customer);
        world.Tenant(customer).ActiveOwners.ShouldBe([owner, second], ignoreOrder: true);
    }

    [Fact]
    public void an_invitation_as_owner_counts_once_accepted()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var invited = world.Execute(owner, new InviteAdmin(customer, "co-owner@acme.test", "Co", "Owner", RoleRef.Of(SystemRole.Owner), null, null))
            .ShouldBeAccepted().Events.Single().StreamId;
        world.Tenant(customer).ActiveOwners.ShouldBe([owner]);

        world.Execute(world.Actor(invited, customer), new AcceptInvitation(invited)).ShouldBeAccepted().Single<OwnerAdded>(customer);
        world.Tenant(customer).ActiveOwners.ShouldBe([owner, invited]);
    }
}
