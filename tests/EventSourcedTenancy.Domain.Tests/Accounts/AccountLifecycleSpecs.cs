using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>
/// The state machine of docs/product.md, by command × starting state: accepted exactly where
/// <see cref="AccountLifecycle.AllowedFrom"/> says so, otherwise a Conflict that writes nothing.
/// </summary>
public class account_state_transitions
{
    private static readonly Dictionary<string, (AccountTransition Transition, Func<Guid, object> Command)> Commands = new()
    {
        ["SetAdminInactive"] = (AccountTransition.SetInactive, id => new SetAdminInactive(id, null)),
        ["ReactivateAccount"] = (AccountTransition.Reactivate, id => new ReactivateAccount(id)),
        ["SetAccountDeleted"] = (AccountTransition.SetDeleted, id => new SetAccountDeleted(id, null)),
        ["RestoreAccount"] = (AccountTransition.Restore, id => new RestoreAccount(id)),
        ["EraseAccount"] = (AccountTransition.Erase, id => new EraseAccount(id, null)),
        ["ResetPassword"] = (AccountTransition.ResetCredentials, id => new ResetPassword(id)),
        ["ForceMfaReset"] = (AccountTransition.ResetCredentials, id => new ForceMfaReset(id)),
        ["ChangeRole"] = (AccountTransition.ChangeRole, id => new ChangeRole(id, RoleRef.Of(SystemRole.Auditor))),
        ["PromoteToOwner"] = (AccountTransition.PromoteToOwner, id => new PromoteToOwner(id)),
        ["ResendInvitation"] = (AccountTransition.ResendInvitation, id => new ResendInvitation(id)),
    };

    public static TheoryData<string, AccountState> Cases()
    {
        var data = new TheoryData<string, AccountState>();
        foreach (var command in Commands.Keys)
        {
            foreach (var state in Enum.GetValues<AccountState>())
            {
                data.Add(command, state);
            }
        }

        return data;
    }

    /// <summary>Given an administrator account (role Viewer) in <paramref name="state"/>.</summary>
    private static Guid AccountIn(World world, Guid tenant, AccountState state)
    {
        if (state == AccountState.Invited)
        {
            return world.NewInvitation(tenant, RoleRef.Of(SystemRole.Viewer));
        }

        var id = world.NewAdmin(tenant, SystemRole.Viewer);
        switch (state)
        {
            case AccountState.Inactive:
                world.GivenAccountEvent(id, new AccountSetInactive(id, null));
                break;
            case AccountState.Deleted:
                world.GivenAccountEvent(id, new AccountSetInactive(id, null));
                world.GivenAccountEvent(id, new AccountSetDeleted(id, AccountState.Inactive, null));
                break;
            case AccountState.Erased:
                world.GivenAccountEvent(id, new AccountErased(id, null));
                break;
        }

        return id;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void a_command_is_accepted_only_from_the_states_product_md_allows(string command, AccountState state)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var target = AccountIn(world, customer, state);
        var (transition, make) = Commands[command];

        var decision = world.Decide(world.OwnerOf(customer), make(target));

        if (AccountLifecycle.Allows(state, transition))
        {
            decision.ShouldBeAccepted().Events.ShouldNotBeEmpty();
        }
        else
        {
            decision.ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.AccountState);
        }
    }

    [Fact]
    public void reactivating_an_erased_account_is_rejected_with_a_reason()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var erased = AccountIn(world, customer, AccountState.Erased);
        world.Decide(world.OwnerOf(customer), new ReactivateAccount(erased)).ShouldBeRejected(RejectionKind.Conflict)
            .Message.ShouldBe("Account is Erased; erasure is permanent, so create a new account instead.");
    }

    [Fact]
    public void a_deleted_account_says_restore_it_first()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var deleted = AccountIn(world, customer, AccountState.Deleted);
        world.Decide(world.OwnerOf(customer), new ResetPassword(deleted)).ShouldBeRejected(RejectionKind.Conflict)
            .Message.ShouldBe("Account is Deleted; restore it first.");
    }

    [Fact]
    public void restoring_returns_the_account_to_the_state_it_had()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var deleted = AccountIn(world, customer, AccountState.Deleted);
        world.Execute(world.OwnerOf(customer), new RestoreAccount(deleted)).ShouldBeAccepted()
            .Single<AccountRestored>(deleted).RestoredTo.ShouldBe(AccountState.Inactive);
        world.Account(deleted).State.ShouldBe(AccountState.Inactive);
    }

    [Fact]
    public void restoring_an_account_that_is_not_deleted_is_rejected()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.OwnerOf(customer), new RestoreAccount(world.NewAdmin(customer)))
            .ShouldBeRejected(RejectionKind.Conflict).Message.ShouldContain("nothing to restore");
    }

    [Fact]
    public void erasing_removes_personal_data_but_keeps_the_skeleton()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var user = world.NewUser(customer);
        world.Execute(world.OwnerOf(customer), new EraseAccount(user, "GDPR art. 17")).ShouldBeAccepted();
        var account = world.Account(user);
        (account.Email, account.FirstName, account.LastName).ShouldBe((null, null, null));
        (account.Id, account.TenantId, account.Kind, account.State).ShouldBe((user, customer, AccountKind.User, AccountState.Erased));
    }
}

public class when_an_administrator_is_invited
{
    [Fact]
    public void an_email_already_active_in_the_tenant_is_rejected()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        world.Execute(owner, new CreateUser(customer, "sam@acme.test", "Sam", "Smith")).ShouldBeAccepted();
        world.Decide(owner, new InviteAdmin(customer, "SAM@acme.test", "Sam", "Smith", null, null, null))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.EmailInUse);
    }

    [Fact]
    public void a_pending_invitation_is_resent_rather_than_duplicated()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var invited = world.Execute(owner, new InviteAdmin(customer, "ivy@acme.test", "Ivy", "Ng", null, null, null)).Events.Single().StreamId;
        world.Decide(owner, new InviteAdmin(customer, "ivy@acme.test", "Ivy", "Ng", null, null, null))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.EmailInUse).Message.ShouldContain("resend");

        world.Clock = World.Now.AddDays(6);
        world.Execute(owner, new ResendInvitation(invited)).ShouldBeAccepted()
            .Single<InvitationResent>(invited).ExpiresAt.ShouldBe(World.Now.AddDays(13));
    }

    [Fact]
    public void an_erased_account_no_longer_holds_its_email()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var user = world.Execute(owner, new CreateUser(customer, "gone@acme.test", "Gone", "Soon")).Events.Single().StreamId;
        world.Execute(owner, new EraseAccount(user, null)).ShouldBeAccepted();
        world.Decide(owner, new InviteAdmin(customer, "gone@acme.test", "Back", "Again", null, null, null)).ShouldBeAccepted();
    }

    [Fact]
    public void an_expired_invitation_cannot_be_accepted_until_it_is_resent()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var invited = world.Execute(owner, new InviteAdmin(customer, "late@acme.test", "Lee", "Late", null, null, null)).Events.Single().StreamId;

        world.Clock = World.Now.AddDays(8);
        world.Decide(world.Actor(invited, customer), new AcceptInvitation(invited)).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.InvitationExpired);
        world.Execute(owner, new ResendInvitation(invited)).ShouldBeAccepted();
        world.Execute(world.Actor(invited, customer), new AcceptInvitation(invited)).ShouldBeAccepted();
    }

    [Fact]
    public void only_the_invitee_or_the_identity_provider_accepts()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var invited = world.NewInvitation(customer, RoleRef.Of(SystemRole.Viewer));
        world.Decide(world.OwnerOf(customer), new AcceptInvitation(invited)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.NotTheInvitee);
        world.Decide(ActorContext.System(customer), new AcceptInvitation(invited)).ShouldBeAccepted();
    }

    [Fact]
    public void an_administrator_cannot_invite_an_owner_or_grant_more_than_they_hold()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer, SystemRole.Administrator);
        world.Decide(admin, new InviteAdmin(customer, "o@acme.test", "O", "W", RoleRef.Of(SystemRole.Owner), null, null))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OnlyOwnerMakesOwner);
    }
}

public class when_a_role_changes
{
    [Fact]
    public void an_administrator_cannot_touch_an_owner_account()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var second = world.NewAdmin(customer, SystemRole.Owner);
        world.Decide(world.NewAdmin(customer), new ChangeRole(second, RoleRef.Of(SystemRole.Viewer)))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerAccount);
    }

    [Fact]
    public void a_user_account_holds_the_user_role_only()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.OwnerOf(customer), new ChangeRole(world.NewUser(customer), RoleRef.Of(SystemRole.Viewer)))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.UserAccountRole);
    }

    [Fact]
    public void a_workspace_role_is_not_a_tenant_role()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.OwnerOf(customer), new ChangeRole(world.NewAdmin(customer), RoleRef.Of(SystemRole.WorkspaceAdmin)))
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidRole);
    }

    [Fact]
    public void an_unknown_custom_role_is_not_found()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.OwnerOf(customer), new ChangeRole(world.NewAdmin(customer), RoleRef.Custom(Guid.NewGuid())))
            .ShouldBeRejected(RejectionKind.NotFound, RejectionCodes.CustomRoleNotFound);
    }

    [Fact]
    public void the_same_role_again_writes_nothing()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        world.Decide(world.OwnerOf(customer), new ChangeRole(world.NewAdmin(customer), RoleRef.Of(SystemRole.Administrator)))
            .ShouldBeAccepted().Events.ShouldBeEmpty();
    }

    [Fact]
    public void an_owner_promotes_an_administrator_and_the_tenant_adds_the_owner()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        var decision = world.Execute(world.OwnerOf(customer), new PromoteToOwner(admin)).ShouldBeAccepted();
        decision.Single<PromotedToOwner>(admin).From.ShouldBe(RoleRef.Of(SystemRole.Administrator));
        decision.Single<OwnerAdded>(customer);
    }
}
