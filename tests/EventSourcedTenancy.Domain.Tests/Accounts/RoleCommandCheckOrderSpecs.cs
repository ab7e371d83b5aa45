using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>A customer tenant with an Owner, an Administrator, a user, an invitation, a workspace and a custom role.</summary>
internal sealed class RoleScene
{
    public RoleScene()
    {
        World = World.WithInstallation();
        Home = World.NewTenant(TenantKind.Customer, name: "Acme");
        Owner = World.OwnerOf(Home);
        Administrator = World.NewAdmin(Home, SystemRole.Administrator);
        User = World.NewUser(Home);
        Workspace = World.NewWorkspace(Home, "Retail");
        TechRole = World.NewId();
        World.GivenTenantEvent(Home, new CustomRoleDefined(Home, TechRole, "Tech", [Capability.ManageTechnicalConfiguration]));
    }

    public World World { get; }

    public Guid Home { get; }

    public Guid Owner { get; }

    public Guid Administrator { get; }

    public Guid User { get; }

    public Guid Workspace { get; }

    public Guid TechRole { get; }

    public Tenant Live => World.Tenant(Home);

    public Tenant Deleted => Tenant.Fold(Live, new TenantDeleted(Home, null));

    /// <summary>An actor resolved in the home tenant holding exactly these capabilities.</summary>
    public ActorContext ActorWith(params Capability[] capabilities) =>
        new(Owner, null, Home, RoleRef.Of(SystemRole.Owner), AuthoritySource.Home, CapabilitySet.Of(capabilities), new Dictionary<Guid, IReadOnlySet<Capability>>());

    /// <summary>The tenant Owner's own context, every role capability.</summary>
    public ActorContext OwnerActor => World.Actor(Owner);
}

public class when_a_role_change_fails_several_checks_at_once
{
    [Fact]
    public void the_first_failing_check_in_order_is_reported_each_time_one_is_mended()
    {
        var s = new RoleScene();
        var admin = s.World.Account(s.Administrator);
        var tech = RoleRef.Custom(s.TechRole);
        var actor = s.OwnerActor.Without(Capability.ChangeMemberRoles, Capability.ManageAdministratorAccounts, Capability.ManageTechnicalConfiguration);
        var deletedAdmin = Account.Fold(admin, new AccountSetDeleted(admin.Id, AccountState.Active, null));
        var faulty = new AccountCase(s.Deleted, deletedAdmin, new ChangeRole(s.World.NewId(), null!), actor with { TenantId = s.World.InfrastructureId });

        var rungs = new List<Rung<AccountCase>>
        {
            new("no role", faulty, RejectionCodes.InvalidRole, "Choose the role to assign."),
            new("a role naming both kinds", faulty = faulty with { Command = new ChangeRole(s.World.NewId(), new RoleRef(SystemRole.Viewer, s.TechRole)) }, RejectionCodes.InvalidRole, "either a system role or a custom role"),
            new("a workspace role", faulty = faulty with { Command = new ChangeRole(s.World.NewId(), RoleRef.Of(SystemRole.WorkspaceAdmin)) }, RejectionCodes.InvalidRole, "WorkspaceAdmin is a workspace role"),
            new("another account named", faulty = faulty with { Command = new ChangeRole(s.World.NewId(), RoleRef.Custom(Guid.Empty)) }, RejectionCodes.WrongTenant, "Pass the account the command names"),
            new("the tenant is deleted", faulty = faulty with { Command = new ChangeRole(admin.Id, RoleRef.Custom(Guid.Empty)) }, RejectionCodes.TenantDeleted, "is deleted"),
            new("the actor was resolved elsewhere", faulty = faulty with { Tenant = s.Live }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("the actor may not change roles", faulty = faulty with { Actor = faulty.Actor with { TenantId = s.Home } }, RejectionCodes.MissingCapability, "to change roles;"),
            new("the target is an administrator", faulty = faulty with { Actor = faulty.Actor.With(Capability.ChangeMemberRoles) }, RejectionCodes.AdministratorAccount, "this is an administrator account (Administrator)"),
            new("an unknown custom role", faulty = faulty with { Actor = faulty.Actor.With(Capability.ManageAdministratorAccounts) }, RejectionCodes.CustomRoleNotFound, $"This tenant has no custom role {Guid.Empty}"),
            new("the role holds more than the actor", faulty = faulty with { Command = new ChangeRole(admin.Id, tech) }, RejectionCodes.Escalation, "You cannot grant the Tech role: it includes ManageTechnicalConfiguration"),
            new("the account is deleted", faulty = faulty with { Actor = faulty.Actor.With(Capability.ManageTechnicalConfiguration) }, RejectionCodes.AccountState, "Account is Deleted"),
            new("a user account", faulty with { Account = s.World.Account(s.User), Command = new ChangeRole(s.User, tech) }, RejectionCodes.UserAccountRole, "A user account holds the User role only"),
        };

        var decision = CheckOrder.ShouldClimb(c => c.Decide(), rungs, faulty with { Account = admin });

        decision.Single<RoleChanged>(admin.Id).ShouldBe(new RoleChanged(admin.Id, RoleRef.Of(SystemRole.Administrator), tech));
        decision.Events.Count.ShouldBe(1);
    }

    [Fact]
    public void to_the_role_the_account_already_holds_it_is_accepted_and_nothing_is_written()
    {
        var s = new RoleScene();
        s.World.Decide(s.Owner, new ChangeRole(s.Administrator, RoleRef.Of(SystemRole.Administrator))).ShouldBeAccepted().Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_user_account_changed_to_the_user_role_it_holds_is_accepted_and_nothing_is_written()
    {
        var s = new RoleScene();
        s.World.Decide(s.Owner, new ChangeRole(s.User, RoleRef.Of(SystemRole.User))).ShouldBeAccepted().Events.ShouldBeEmpty();
    }
}

public class when_a_promotion_to_owner_fails_several_checks_at_once
{
    [Fact]
    public void the_first_failing_check_in_order_is_reported_each_time_one_is_mended()
    {
        var s = new RoleScene();
        var admin = s.World.Account(s.Administrator);
        var inactive = Account.Fold(admin, new AccountSetInactive(admin.Id, null));
        var actor = s.OwnerActor.Without(Capability.ManageOwners, Capability.ChangeMemberRoles, Capability.ManageAdministratorAccounts);
        var faulty = new AccountCase(s.Deleted, inactive, new PromoteToOwner(s.World.NewId()), actor with { TenantId = s.World.InfrastructureId });

        var rungs = new List<Rung<AccountCase>>
        {
            new("another account named", faulty, RejectionCodes.WrongTenant, "Pass the account the command names"),
            new("the tenant is deleted", faulty = faulty with { Command = new PromoteToOwner(admin.Id) }, RejectionCodes.TenantDeleted, "is deleted"),
            new("the actor was resolved elsewhere", faulty = faulty with { Tenant = s.Live }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("the actor is not an Owner", faulty = faulty with { Actor = faulty.Actor with { TenantId = s.Home } }, RejectionCodes.OnlyOwnerMakesOwner, "Only an Owner can make an Owner"),
            // Past the Owner-role check the actor holds everything an Owner holds, so the capability and reach
            // checks after it cannot fail (docs/mutation.md, PromoteToOwner).
            new("the actor holds less than an Owner", faulty = faulty with { Actor = faulty.Actor.With(Capability.ManageOwners) }, RejectionCodes.Escalation, "You cannot grant the Owner role: it includes ChangeMemberRoles, ManageAdministratorAccounts, which you do not hold"),
            new("a user account", (faulty = faulty with { Actor = faulty.Actor.With(Capability.ChangeMemberRoles, Capability.ManageAdministratorAccounts) }) with { Account = s.World.Account(s.User), Command = new PromoteToOwner(s.User) }, RejectionCodes.UserAccountRole, "A user account cannot be an Owner"),
            new("the account is inactive", faulty, RejectionCodes.AccountState, "Account is Inactive; reactivate it before making it an Owner."),
        };

        var decision = CheckOrder.ShouldClimb(c => c.Decide(), rungs, faulty with { Account = admin });

        decision.Single<PromotedToOwner>(admin.Id).ShouldBe(new PromotedToOwner(admin.Id, RoleRef.Of(SystemRole.Administrator)));
        decision.Single<OwnerAdded>(s.Home).ShouldBe(new OwnerAdded(s.Home, admin.Id));
    }

    [Fact]
    public void of_an_owner_it_is_accepted_and_nothing_is_written()
    {
        var s = new RoleScene();
        s.World.Decide(s.Owner, new PromoteToOwner(s.Owner)).ShouldBeAccepted().Events.ShouldBeEmpty();
    }
}

public class when_a_workspace_role_command_fails_several_checks_at_once
{
    [Fact]
    public void assigning_reports_the_first_failing_check_in_order_each_time_one_is_mended()
    {
        var s = new RoleScene();
        var wholesale = s.World.NewWorkspace(s.Home, "Wholesale");
        var admin = s.World.Account(s.Administrator);
        var deletedAdmin = Account.Fold(admin, new AccountSetDeleted(admin.Id, AccountState.Active, null));
        var actor = s.ActorWith(Capability.ManageAdministratorAccounts) with { TenantId = s.World.InfrastructureId };
        var assignsInWholesale = new Dictionary<Guid, IReadOnlySet<Capability>> { [wholesale] = CapabilitySet.Of(Capability.AssignWorkspaceRoles) };
        var faulty = new AccountCase(s.Deleted, deletedAdmin, new AssignWorkspaceRole(s.World.NewId(), s.World.NewId(), SystemRole.Viewer), actor);

        var rungs = new List<Rung<AccountCase>>
        {
            new("not a workspace role", faulty, RejectionCodes.InvalidRole, "Viewer is not a workspace role"),
            new("another account named", faulty = faulty with { Command = new AssignWorkspaceRole(s.World.NewId(), Guid.Empty, SystemRole.WorkspaceAdmin) }, RejectionCodes.WrongTenant, "Pass the account the command names"),
            new("the tenant is deleted", faulty = faulty with { Command = new AssignWorkspaceRole(admin.Id, Guid.Empty, SystemRole.WorkspaceAdmin) }, RejectionCodes.TenantDeleted, "is deleted"),
            new("the actor was resolved elsewhere", faulty = faulty with { Tenant = s.Live }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("the actor may assign workspace roles nowhere", faulty = faulty with { Actor = faulty.Actor with { TenantId = s.Home } }, RejectionCodes.MissingCapability, "capability in this tenant or one of its workspaces to assign workspace roles;"),
            new("no such workspace", faulty = faulty with { Actor = faulty.Actor with { WorkspaceCapabilities = assignsInWholesale } }, RejectionCodes.WorkspaceNotFound, $"This tenant has no workspace {Guid.Empty}"),
            new("the actor may not assign workspace roles in this workspace", faulty = faulty with { Command = new AssignWorkspaceRole(admin.Id, s.Workspace, SystemRole.WorkspaceAdmin) }, RejectionCodes.MissingCapability, "capability in this workspace to assign workspace roles;"),
            new("the role holds more than the actor", faulty = faulty with { Actor = faulty.Actor.With(Capability.AssignWorkspaceRoles) }, RejectionCodes.Escalation, "the WorkspaceAdmin role in this workspace"),
            new("a user account", (faulty = faulty with { Actor = s.OwnerActor }) with { Account = s.World.Account(s.User), Command = new AssignWorkspaceRole(s.User, s.Workspace, SystemRole.WorkspaceAdmin) }, RejectionCodes.UserAccountRole, "Workspace roles are for administrator accounts"),
            new("the account is deleted", faulty, RejectionCodes.AccountState, "Account is Deleted"),
        };

        var decision = CheckOrder.ShouldClimb(c => c.Decide(), rungs, faulty with { Account = admin });

        decision.Single<WorkspaceRoleAssigned>(admin.Id).ShouldBe(new WorkspaceRoleAssigned(admin.Id, s.Workspace, SystemRole.WorkspaceAdmin));
    }

    [Fact]
    public void assigning_the_role_the_account_holds_there_is_accepted_and_nothing_is_written()
    {
        var s = new RoleScene();
        s.World.GivenWorkspaceRole(s.Administrator, s.Workspace, SystemRole.WorkspaceAuditor);
        s.World.Decide(s.Owner, new AssignWorkspaceRole(s.Administrator, s.Workspace, SystemRole.WorkspaceAuditor)).ShouldBeAccepted().Events.ShouldBeEmpty();
        s.World.Decide(s.Owner, new AssignWorkspaceRole(s.Administrator, s.Workspace, SystemRole.WorkspaceAdmin)).ShouldBeAccepted()
            .Single<WorkspaceRoleAssigned>(s.Administrator).Role.ShouldBe(SystemRole.WorkspaceAdmin);
    }

    [Fact]
    public void removing_reports_the_first_failing_check_in_order_each_time_one_is_mended()
    {
        var s = new RoleScene();
        var wholesale = s.World.NewWorkspace(s.Home, "Wholesale");
        s.World.GivenWorkspaceRole(s.Administrator, s.Workspace, SystemRole.WorkspaceAuditor);
        var admin = s.World.Account(s.Administrator);
        var erased = Account.Fold(admin, new AccountErased(admin.Id, null));
        var assignsInWholesale = new Dictionary<Guid, IReadOnlySet<Capability>> { [wholesale] = CapabilitySet.Of(Capability.AssignWorkspaceRoles) };
        var faulty = new AccountCase(s.Deleted, erased, new RemoveWorkspaceRole(s.World.NewId(), Guid.Empty), s.ActorWith() with { TenantId = s.World.InfrastructureId });

        var rungs = new List<Rung<AccountCase>>
        {
            new("another account named", faulty, RejectionCodes.WrongTenant, "Pass the account the command names"),
            new("the tenant is deleted", faulty = faulty with { Command = new RemoveWorkspaceRole(admin.Id, Guid.Empty) }, RejectionCodes.TenantDeleted, "is deleted"),
            new("the actor was resolved elsewhere", faulty = faulty with { Tenant = s.Live }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("the actor may remove workspace roles nowhere", faulty = faulty with { Actor = faulty.Actor with { TenantId = s.Home } }, RejectionCodes.MissingCapability, "in this tenant or one of its workspaces to remove workspace roles;"),
            new("no such workspace", faulty = faulty with { Actor = faulty.Actor with { WorkspaceCapabilities = assignsInWholesale } }, RejectionCodes.WorkspaceNotFound, $"This tenant has no workspace {Guid.Empty}"),
            new("the actor may not remove workspace roles in this workspace", faulty = faulty with { Command = new RemoveWorkspaceRole(admin.Id, s.Workspace) }, RejectionCodes.MissingCapability, "in this workspace to remove workspace roles;"),
            new("the account is erased", faulty = faulty with { Actor = faulty.Actor.With(Capability.AssignWorkspaceRoles) }, RejectionCodes.AccountState, "Account is Erased"),
        };

        var decision = CheckOrder.ShouldClimb(c => c.Decide(), rungs, faulty with { Account = admin });

        decision.Single<WorkspaceRoleRemoved>(admin.Id).ShouldBe(new WorkspaceRoleRemoved(admin.Id, s.Workspace, SystemRole.WorkspaceAuditor));
        new AccountCase(s.Live, s.World.Account(s.Owner), new RemoveWorkspaceRole(s.Owner, s.Workspace), faulty.Actor).Decide()
            .ShouldBeAccepted().Events.ShouldBeEmpty("the Owner holds no role in the workspace: nothing to remove");
    }
}

public class when_an_invitation_command_fails_several_checks_at_once
{
    [Fact]
    public void resending_reports_the_first_failing_check_in_order_each_time_one_is_mended()
    {
        var s = new RoleScene();
        var invited = s.World.Account(s.World.NewInvitation(s.Home, RoleRef.Of(SystemRole.Viewer)));
        var accepted = Account.Fold(invited, new InvitationAccepted(invited.Id));
        var faulty = new AccountCase(s.Deleted, accepted, new ResendInvitation(s.World.NewId()), s.ActorWith() with { TenantId = s.World.InfrastructureId });

        var rungs = new List<Rung<AccountCase>>
        {
            new("another account named", faulty, RejectionCodes.WrongTenant, "Pass the account the command names"),
            new("the tenant is deleted", faulty = faulty with { Command = new ResendInvitation(invited.Id) }, RejectionCodes.TenantDeleted, "is deleted"),
            new("the actor was resolved elsewhere", faulty = faulty with { Tenant = s.Live }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("the actor may not invite", faulty = faulty with { Actor = faulty.Actor with { TenantId = s.Home } }, RejectionCodes.MissingCapability, "capability in this tenant or one of its workspaces to resend invitations;"),
            new("the invitation's role holds more than the actor", faulty = faulty with { Actor = faulty.Actor.With(Capability.InviteMembers) }, RejectionCodes.Escalation, "You cannot grant the Viewer role: it includes ViewUsers"),
            new("the invitation was accepted", faulty = faulty with { Actor = faulty.Actor.With([.. SystemRoles.Viewer.Capabilities]) }, RejectionCodes.AccountState, "The invitation was already accepted"),
        };

        var decision = CheckOrder.ShouldClimb(c => c.Decide(), rungs, faulty with { Account = invited });

        decision.Single<InvitationResent>(invited.Id).ShouldBe(new InvitationResent(invited.Id, World.Now + InvitationExpiry.Validity));
    }

    [Fact]
    public void a_workspace_administrator_resends_a_members_invitation_to_its_workspace_but_not_one_for_a_tenant_role()
    {
        var s = new RoleScene();
        var workspaceAdmin = s.World.NewAdmin(s.Home, SystemRole.User);
        s.World.GivenWorkspaceRole(workspaceAdmin, s.Workspace, SystemRole.WorkspaceAdmin);
        var member = s.World.NewInvitation(s.Home, RoleRef.Of(SystemRole.User), s.Workspace, SystemRole.WorkspaceAuditor);
        var viewerOfTheWorkspace = s.World.NewInvitation(s.Home, RoleRef.Of(SystemRole.Viewer), s.Workspace, SystemRole.WorkspaceAuditor);

        s.World.Decide(workspaceAdmin, new ResendInvitation(member)).ShouldBeAccepted();
        s.World.Decide(workspaceAdmin, new ResendInvitation(viewerOfTheWorkspace))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.Escalation).Message.ShouldStartWith("You cannot grant the Viewer role");
        var auditorOfTheWorkspace = s.World.NewInvitation(s.Home, RoleRef.Of(SystemRole.User), s.Workspace, SystemRole.WorkspaceAuditor);
        s.World.GivenAccountEvent(auditorOfTheWorkspace, new WorkspaceRoleAssigned(auditorOfTheWorkspace, s.World.NewWorkspace(s.Home), SystemRole.WorkspaceAuditor));
        s.World.Decide(workspaceAdmin, new ResendInvitation(auditorOfTheWorkspace))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.MissingCapability).Message.ShouldContain("in this tenant to resend invitations");
    }

    [Fact]
    public void accepting_reports_the_first_failing_check_in_order_each_time_one_is_mended()
    {
        var s = new RoleScene();
        var invited = s.World.Account(s.World.NewInvitation(s.Home, RoleRef.Of(SystemRole.Viewer)));
        var active = Account.Fold(invited, new InvitationAccepted(invited.Id));
        var invitee = ActorContext.Nobody(invited.Id, s.Home);
        var faulty = new AccountCase(s.World.Tenant(s.World.InfrastructureId), active, new AcceptInvitation(s.World.NewId()), s.ActorWith());

        var rungs = new List<Rung<AccountCase>>
        {
            new("another account named, another tenant passed", faulty, RejectionCodes.WrongTenant, "Pass the account the command names"),
            new("another account named", faulty = faulty with { Tenant = s.Deleted }, RejectionCodes.WrongTenant, "Pass the account the command names"),
            new("another tenant passed", faulty with { Command = new AcceptInvitation(invited.Id), Tenant = s.World.Tenant(s.World.InfrastructureId) }, RejectionCodes.WrongTenant, "Pass the account the command names"),
            new("the tenant is deleted", faulty = faulty with { Command = new AcceptInvitation(invited.Id) }, RejectionCodes.TenantDeleted, "is deleted"),
            new("not the invitee", faulty = faulty with { Tenant = s.Live }, RejectionCodes.NotTheInvitee, "Only the invited person accepts"),
            new("already accepted", faulty = faulty with { Actor = invitee }, RejectionCodes.AccountState, "The invitation was already accepted"),
            new("expired", faulty = faulty with { Account = Account.Fold(invited, new InvitationResent(invited.Id, World.Now.AddTicks(-1))) }, RejectionCodes.InvitationExpired, "This invitation has expired"),
        };

        var decision = CheckOrder.ShouldClimb(c => c.Decide(), rungs, faulty with { Account = Account.Fold(invited, new InvitationResent(invited.Id, World.Now)) });

        decision.Single<InvitationAccepted>(invited.Id).ShouldBe(new InvitationAccepted(invited.Id));
        new AccountCase(s.Live, invited, new AcceptInvitation(invited.Id), ActorContext.System(s.Home)).Decide().ShouldBeAccepted();
    }

    [Fact]
    public void an_accepted_owner_invitation_joins_the_owner_set()
    {
        var s = new RoleScene();
        var invited = s.World.NewInvitation(s.Home, RoleRef.Of(SystemRole.Owner));
        var decision = s.World.Decide(ActorContext.System(s.Home), new AcceptInvitation(invited)).ShouldBeAccepted();
        decision.Single<OwnerAdded>(s.Home).ShouldBe(new OwnerAdded(s.Home, invited));
    }
}
