using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>
/// Two neighbouring checks failing at once: the earlier one is reported. These pairs complete the ladders
/// where a ladder's side case has only one fault.
/// </summary>
public class when_two_neighbouring_checks_fail_at_once
{
    [Fact]
    public void an_accepted_invitation_past_its_old_expiry_is_refused_as_accepted_not_as_expired()
    {
        var s = new RoleScene();
        var invited = s.World.Account(s.World.NewInvitation(s.Home, RoleRef.Of(SystemRole.Viewer)));
        var acceptedButExpired = Account.Fold(invited, new InvitationAccepted(invited.Id)) with { InvitationExpiresAt = World.Now.AddDays(-1) };

        new AccountCase(s.Live, acceptedButExpired, new AcceptInvitation(invited.Id), ActorContext.System(s.Home)).Decide()
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.AccountState);
    }

    [Fact]
    public void a_deleted_user_account_is_refused_for_its_state_before_its_kind()
    {
        var s = new RoleScene();
        var user = s.World.Account(s.World.NewUser(s.Home));
        var deletedUser = Account.Fold(user, new AccountSetDeleted(user.Id, AccountState.Active, null));
        var owner = s.OwnerActor;

        new AccountCase(s.Live, deletedUser, new ChangeRole(user.Id, RoleRef.Custom(s.TechRole)), owner).Decide()
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.AccountState);
    }

    [Fact]
    public void a_deleted_user_account_is_refused_a_workspace_role_for_its_kind_before_its_state()
    {
        var s = new RoleScene();
        var user = s.World.Account(s.World.NewUser(s.Home));
        var deletedUser = Account.Fold(user, new AccountSetDeleted(user.Id, AccountState.Active, null));

        new AccountCase(s.Live, deletedUser, new AssignWorkspaceRole(user.Id, s.Workspace, SystemRole.WorkspaceAuditor), s.OwnerActor).Decide()
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.UserAccountRole);
    }

    [Fact]
    public void an_inactive_user_account_is_refused_ownership_for_its_kind_before_its_state()
    {
        var s = new RoleScene();
        var user = s.World.Account(s.World.NewUser(s.Home));
        var inactiveUser = Account.Fold(user, new AccountSetInactive(user.Id, null));

        new AccountCase(s.Live, inactiveUser, new PromoteToOwner(user.Id), s.OwnerActor).Decide()
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.UserAccountRole);
    }

    [Fact]
    public void the_last_owner_changed_to_another_role_is_refused_with_a_sentence_naming_the_role_change()
    {
        var s = new RoleScene();
        s.World.Decide(s.Owner, new ChangeRole(s.Owner, RoleRef.Of(SystemRole.Viewer)))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.LastOwner).Message.ShouldEndWith("before you change its role.");
    }

    [Fact]
    public void ownership_transfers_report_the_earlier_of_two_faults()
    {
        var s = new TenantSceneForTransfer();

        s.Decide(s.Owner, s.Stranger, s.Actor.Without(Capability.TransferOwnership)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerOnly);
        s.Decide(s.NotAnOwner, s.User, s.Actor).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.NotAnOwner);
        s.Decide(s.Owner, Account.Fold(s.User, new AccountSetInactive(s.User.Id, null)), s.Actor).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.UserAccountRole);
        s.Decide(s.Owner, Account.Fold(s.SecondOwner, new AccountSetInactive(s.SecondOwner.Id, null)), s.Actor).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.AccountState);
    }

    private sealed class TenantSceneForTransfer
    {
        public TenantSceneForTransfer()
        {
            var world = World.WithInstallation();
            var partner = world.NewTenant(TenantKind.Partner, name: "Partner");
            Tenant = world.NewTenant(TenantKind.Customer, partner, name: "Acme");
            Owner = world.Account(world.OwnerOf(Tenant));
            Actor = world.Actor(Owner.Id);
            User = world.Account(world.NewUser(Tenant));
            NotAnOwner = world.Account(world.NewAdmin(Tenant, SystemRole.Viewer));
            SecondOwner = world.Account(world.NewAdmin(Tenant, SystemRole.Owner));
            Stranger = world.Account(world.NewAdmin(partner, SystemRole.Administrator));
            Live = world.Tenant(Tenant);
        }

        public Guid Tenant { get; }

        public Tenant Live { get; }

        public Account Owner { get; }

        public ActorContext Actor { get; }

        public Account User { get; }

        public Account NotAnOwner { get; }

        public Account SecondOwner { get; }

        public Account Stranger { get; }

        public Decision Decide(Account from, Account to, ActorContext actor) =>
            TransferOwnership.Decide(Live, from, to, new TransferOwnership(Tenant, from.Id, to.Id), actor, World.Now);
    }

    [Fact]
    public void inherited_authority_in_the_infrastructure_tenant_is_refused_as_inherited_before_as_the_root()
    {
        var world = World.WithInstallation();
        var inherited = world.Actor(world.SuperuserId) with { Source = AuthoritySource.Inherited };

        RestrictAncestorAccess.Decide(world.Tenant(world.InfrastructureId), new RestrictAncestorAccess(world.InfrastructureId, true, null), inherited, World.Now)
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnAdministratorsOnly);
    }

    [Fact]
    public void a_custom_role_without_a_capability_list_is_refused_as_having_none()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");

        world.Decide(world.OwnerOf(customer), new DefineCustomRole(customer, "Empty", null!))
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidCustomRole).Message.ShouldContain("needs at least one capability");
        CustomRoleDefinition.Check(" ", [Capability.ViewUsers])!.Message.ShouldBe("Role name is required.");
    }

    [Fact]
    public void a_user_account_of_an_ancestor_has_no_authority_below()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner, name: "Partner");
        var customer = world.NewTenant(TenantKind.Customer, partner, name: "Acme");
        var user = world.NewUser(partner);

        var actor = world.Actor(user, customer);

        actor.Source.ShouldBe(AuthoritySource.None);
        actor.Capabilities.ShouldBeEmpty();
    }

    [Fact]
    public void an_email_held_by_a_deleted_or_invited_account_says_what_to_do_instead_and_an_erased_one_is_free()
    {
        var s = new RoleScene();
        var user = s.World.Account(s.User);
        UniqueEmailPerTenant.Check(Account.Fold(user, new AccountSetDeleted(user.Id, AccountState.Active, null)))!.Message
            .ShouldBe("This email belongs to a Deleted account in the tenant; restore it instead.");
        UniqueEmailPerTenant.Check(s.World.Account(s.World.NewInvitation(s.Home, RoleRef.Of(SystemRole.Viewer))))!.Message
            .ShouldBe("This email already has a pending invitation in the tenant; resend it instead.");
        UniqueEmailPerTenant.Check(Account.Fold(user, new AccountErased(user.Id, null))).ShouldBeNull();
    }

    [Fact]
    public void a_privilege_for_an_account_whose_custom_role_holds_more_than_the_granter_is_out_of_reach()
    {
        var s = new RoleScene();
        var tech = s.World.NewAdmin(s.Home, RoleRef.Custom(s.TechRole));
        var administrator = s.World.NewAdmin(s.Home, SystemRole.Administrator);

        s.World.Decide(administrator, new GrantFunctionPrivilege(tech, s.Home, FunctionPrivilege.UserAdministrator))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.MorePowerfulAccount).Message.ShouldStartWith("This account's role (Tech) holds ManageTechnicalConfiguration");
    }

    [Fact]
    public void an_impersonation_naming_the_wrong_tenant_is_refused_for_the_names_before_the_conditions()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var outsider = world.Account(world.NewAdmin(customer, SystemRole.Administrator));

        BeginImpersonation.Decide(world.Chain(customer), outsider, world.Account(world.SuperuserId), new BeginImpersonation(world.InfrastructureId, world.SuperuserId), World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.WrongTenant);
    }

    [Fact]
    public void an_unauthenticated_command_is_told_how_to_identify_itself()
    {
        EventSourcedTenancy.Commands.CommandOutcome.Unauthenticated().Message
            .ShouldBe("The request carries no valid identity: send a bearer token (HTTP) or the actor-account header (bus).");
    }

    [Fact]
    public void a_state_the_lifecycle_does_not_know_is_refused_with_the_transition_named()
    {
        var s = new RoleScene();
        var unknown = s.World.Account(s.User) with { State = (AccountState)99 };

        AccountLifecycle.Check(unknown, AccountTransition.ResetCredentials)!.Message.ShouldBe("Account is 99; ResetCredentials is not possible from there.");
    }
}
