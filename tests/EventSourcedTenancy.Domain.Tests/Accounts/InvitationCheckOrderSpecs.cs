using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

public class when_an_invitation_fails_several_checks_at_once
{
    private sealed record Invitation(Tenant Tenant, InviteAdmin Command, ActorContext Actor, Account? Existing);

    private static ActorContext Actor(Guid tenantId, IEnumerable<Capability> tenantWide, Guid workspace, IEnumerable<Capability> inWorkspace) =>
        new(Guid.NewGuid(), null, tenantId, RoleRef.Of(SystemRole.Administrator), AuthoritySource.Home, CapabilitySet.Of(tenantWide),
            new Dictionary<Guid, IReadOnlySet<Capability>> { [workspace] = CapabilitySet.Of(inWorkspace) });

    [Fact]
    public void the_first_failing_check_in_order_is_reported_each_time_one_is_mended()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var retail = world.NewWorkspace(customer, "Retail");
        var wholesale = world.NewWorkspace(customer, "Wholesale");
        var tech = world.NewId();
        world.GivenTenantEvent(customer, new CustomRoleDefined(customer, tech, "Tech", [Capability.ManageTechnicalConfiguration]));
        var existing = world.Account(world.NewUser(customer));
        var live = world.Tenant(customer);
        var owner = world.Actor(world.OwnerOf(customer));
        var deleted = Tenant.Fold(live, new TenantDeleted(customer, null));
        var c = new Invitation(
            deleted,
            new InviteAdmin(Guid.Empty, "ivy", "", "", new RoleRef(SystemRole.Viewer, Guid.NewGuid()), null, SystemRole.Viewer),
            Actor(world.InfrastructureId, [], retail, []),
            existing);
        var rungs = new List<Rung<Invitation>>
        {
            new("bad email", c, RejectionCodes.InvalidEmail, "'ivy' is not an email address"),
            new("no first name", c = c with { Command = c.Command with { Email = "Ivy@Acme.test" } }, RejectionCodes.InvalidName, "First name is required."),
            new("no last name", c = c with { Command = c.Command with { FirstName = "Ivy" } }, RejectionCodes.InvalidName, "Last name is required."),
            new("a role naming both kinds", c = c with { Command = c.Command with { LastName = "Invitee" } }, RejectionCodes.InvalidRole, "either a system role or a custom role"),
            new("a workspace role as tenant role", c = c with { Command = c.Command with { Role = RoleRef.Of(SystemRole.WorkspaceAdmin) } }, RejectionCodes.InvalidRole, "WorkspaceAdmin is a workspace role"),
            new("a workspace role without a workspace", c = c with { Command = c.Command with { Role = RoleRef.Of(SystemRole.User) } }, RejectionCodes.InvalidRole, "Give both a workspace and a workspace role, or neither."),
            new("a workspace without a workspace role", c with { Command = c.Command with { WorkspaceId = retail, WorkspaceRole = null } }, RejectionCodes.InvalidRole, "Give both a workspace and a workspace role, or neither."),
            new("a Member with neither", c with { Command = c.Command with { WorkspaceRole = null } }, RejectionCodes.InvalidRole, "A Member (tenant role User) needs a workspace and a workspace role"),
            new("a tenant role as workspace role", c = c with { Command = c.Command with { WorkspaceId = Guid.Empty } }, RejectionCodes.InvalidRole, "Viewer is not a workspace role"),
            new("another tenant named", c = c with { Command = c.Command with { WorkspaceRole = SystemRole.WorkspaceAdmin } }, RejectionCodes.WrongTenant, "Pass the tenant the command names."),
            new("deleted", c = c with { Command = c.Command with { TenantId = customer } }, RejectionCodes.TenantDeleted, "is deleted"),
            new("actor elsewhere", c = c with { Tenant = live }, RejectionCodes.WrongTenant, "authority was resolved"),
            new("no right to invite anywhere", c = c with { Actor = c.Actor with { TenantId = customer } }, RejectionCodes.MissingCapability, "You need the InviteMembers capability in this tenant or one of its workspaces to invite administrators;"),
            // A system role needs no look-up: it is judged before the reach, as the seed 000 table pins.
            new("an Owner by a non-Owner", c with { Command = c.Command with { Role = RoleRef.Of(SystemRole.Owner) } }, RejectionCodes.OnlyOwnerMakesOwner, "Only an Owner can make an Owner"),
            new("a role beyond the actor", c with { Command = c.Command with { Role = RoleRef.Of(SystemRole.Viewer) } }, RejectionCodes.Escalation, "You cannot grant the Viewer role"),
            new("no such workspace", c = c with { Actor = Actor(customer, [], wholesale, [Capability.InviteMembers]) }, RejectionCodes.WorkspaceNotFound, $"This tenant has no workspace {Guid.Empty}"),
            new("no such custom role", (c = c with { Command = c.Command with { WorkspaceId = retail } }) with { Command = c.Command with { Role = RoleRef.Custom(Guid.Empty) } }, RejectionCodes.CustomRoleNotFound, $"This tenant has no custom role {Guid.Empty}"),
            new("a custom role beyond the actor", c with { Command = c.Command with { Role = RoleRef.Custom(tech) } }, RejectionCodes.Escalation, "You cannot grant the Tech role"),
            new("no right to invite into the workspace", c, RejectionCodes.MissingCapability, "You need the InviteMembers capability in this workspace to invite administrators;"),
            new("a workspace role beyond the actor", c = c with { Actor = Actor(customer, [], retail, [Capability.InviteMembers]) }, RejectionCodes.Escalation, "the WorkspaceAdmin role in this workspace"),
            new("the email is taken", c = c with { Actor = Actor(customer, [], retail, SystemRoles.WorkspaceAdmin.Capabilities) }, RejectionCodes.EmailInUse, "This email already has an Active account"),
        };
        var id = world.NewId();

        var decision = CheckOrder.ShouldClimb(x => InviteAdmin.Decide(x.Tenant, x.Existing, x.Command, x.Actor, id, World.Now), rungs, c with { Existing = null });

        decision.Single<AdminInvited>(id).ShouldBe(new AdminInvited(
            id, customer, "ivy@acme.test", "Ivy", "Invitee", RoleRef.Of(SystemRole.User), retail, SystemRole.WorkspaceAdmin, World.Now + InvitationExpiry.Validity));
        InviteAdmin.Decide(live, null, c.Command with { Role = RoleRef.Of(SystemRole.Owner) }, owner, id, World.Now).ShouldBeAccepted();
    }

    [Fact]
    public void a_workspace_administrator_invites_members_into_the_workspace_but_not_administrators_with_a_workspace_role()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var retail = world.NewWorkspace(customer, "Retail");
        var live = world.Tenant(customer);
        var actor = Actor(customer, SystemRoles.Viewer.Capabilities, retail, SystemRoles.WorkspaceAdmin.Capabilities);
        var member = new InviteAdmin(customer, "m@acme.test", "M", "Ember", null, retail, SystemRole.WorkspaceAuditor);

        InviteAdmin.Decide(live, null, member, actor, Guid.NewGuid(), World.Now).ShouldBeAccepted()
            .Events.Select(e => e.Event).OfType<AdminInvited>().ShouldHaveSingleItem().Role.ShouldBe(RoleRef.Of(SystemRole.User));
        InviteAdmin.Decide(live, null, member with { Role = RoleRef.Of(SystemRole.Viewer) }, actor, Guid.NewGuid(), World.Now)
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.MissingCapability).Message.ShouldContain("in this tenant to invite administrators");
    }

    [Fact]
    public void a_tenant_that_cannot_hold_a_kind_names_every_kind_it_can()
    {
        var world = World.WithInstallation();
        var partner = world.Tenant(world.NewTenant(TenantKind.Partner, name: "Partner"));
        TenantHierarchy.CheckChild(partner, TenantKind.Unit)!.Message
            .ShouldBe("A Partner tenant can hold Partner or Folder or Customer tenants, not Unit; create it under a suitable parent.");
    }

    [Fact]
    public void an_account_holding_more_than_the_actor_is_out_of_its_reach()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var tech = world.NewId();
        world.GivenTenantEvent(customer, new CustomRoleDefined(customer, tech, "Tech", [Capability.ManageTechnicalConfiguration, Capability.AdministerServer]));
        var target = world.NewAdmin(customer, RoleRef.Custom(tech));
        var administrator = world.NewAdmin(customer, SystemRole.Administrator);

        world.Decide(administrator, new ResetPassword(target)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.MorePowerfulAccount).Message
            .ShouldBe("This account's role (Tech) holds ManageTechnicalConfiguration, AdministerServer, which you do not; escalate to someone who holds them.");
        world.Decide(world.OwnerOf(customer), new ResetPassword(target)).ShouldBeAccepted();
    }
}
