using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>
/// Resending an invitation renews it, and an accepted invitation gives the invitee its role: so resending
/// is granting that role again. It is judged as the invitation itself would be (docs/domain.md, "No
/// escalation"): only an Owner of the tenant resends an Owner's invitation, and no one resends an
/// invitation for a role, or a workspace role, holding more than they hold. The refusal is the one
/// InviteAdmin gives for the same role, by the same caller.
/// </summary>
public class when_an_invitation_is_resent
{
    private sealed record Scene(World World, Guid Partner, Guid Customer, Guid Workspace, Guid TechRole);

    private static Scene NewScene()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner, name: "Partner");
        var customer = world.NewTenant(TenantKind.Customer, partner, name: "Acme");
        var workspace = world.NewWorkspace(customer, "Retail");
        var tech = world.NewId();
        world.GivenTenantEvent(customer, new CustomRoleDefined(customer, tech, "Tech", [Capability.ManageTechnicalConfiguration, Capability.ViewUsers]));
        return new Scene(world, partner, customer, workspace, tech);
    }

    /// <summary>An invitation for <paramref name="role"/> that expired yesterday.</summary>
    private static Guid ExpiredInvitation(Scene s, RoleRef role, Guid? workspace = null, SystemRole? workspaceRole = null)
    {
        var invited = s.World.NewInvitation(s.Customer, role, workspace, workspaceRole);
        s.World.GivenAccountEvent(invited, new InvitationResent(invited, World.Now.AddDays(-1)));
        return invited;
    }

    private static Decision Invite(Scene s, Guid actor, RoleRef? role, Guid? workspace = null, SystemRole? workspaceRole = null) =>
        s.World.Decide(actor, new InviteAdmin(s.Customer, "someone.new@acme.test", "Sam", "New", role, workspace, workspaceRole));

    [Fact]
    public void an_administrator_resending_an_expired_owner_invitation_is_refused_as_inviting_an_owner_is()
    {
        var s = NewScene();
        var administrator = s.World.NewAdmin(s.Customer, SystemRole.Administrator);
        var owners = ExpiredInvitation(s, RoleRef.Of(SystemRole.Owner));
        var inviting = Invite(s, administrator, RoleRef.Of(SystemRole.Owner)).ShouldBeRejected(RejectionKind.Forbidden);

        var resending = s.World.Execute(administrator, new ResendInvitation(owners)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OnlyOwnerMakesOwner);

        resending.ShouldBe(inviting);
        s.World.Account(owners).InvitationExpiresAt.ShouldBe(World.Now.AddDays(-1), "nothing was written: the invitation stays expired");
    }

    [Fact]
    public void an_owner_of_a_parent_tenant_acting_below_cannot_resend_an_owner_invitation_either()
    {
        var s = NewScene();
        var partnerOwner = s.World.OwnerOf(s.Partner);
        s.World.Actor(partnerOwner, s.Customer).Source.ShouldBe(AuthoritySource.Inherited);
        var owners = ExpiredInvitation(s, RoleRef.Of(SystemRole.Owner));

        s.World.Decide(partnerOwner, new ResendInvitation(owners)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OnlyOwnerMakesOwner)
            .ShouldBe(Invite(s, partnerOwner, RoleRef.Of(SystemRole.Owner)).Rejection);
    }

    [Fact]
    public void an_owner_of_the_tenant_resends_an_owner_invitation()
    {
        var s = NewScene();
        var owners = ExpiredInvitation(s, RoleRef.Of(SystemRole.Owner));

        s.World.Decide(s.World.OwnerOf(s.Customer), new ResendInvitation(owners)).ShouldBeAccepted()
            .Single<InvitationResent>(owners).ShouldBe(new InvitationResent(owners, World.Now + InvitationExpiry.Validity));
    }

    [Fact]
    public void an_administrator_resending_an_invitation_for_a_role_holding_more_than_it_holds_is_refused_as_an_escalation()
    {
        var s = NewScene();
        var administrator = s.World.NewAdmin(s.Customer, SystemRole.Administrator);
        var techs = ExpiredInvitation(s, RoleRef.Custom(s.TechRole));

        s.World.Decide(administrator, new ResendInvitation(techs)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.Escalation)
            .ShouldBe(Invite(s, administrator, RoleRef.Custom(s.TechRole)).Rejection);
        s.World.Decide(s.World.OwnerOf(s.Customer), new ResendInvitation(techs)).ShouldBeAccepted();
    }

    [Fact]
    public void a_member_invitation_is_resent_only_by_someone_holding_its_workspace_role_there()
    {
        var s = NewScene();
        var members = ExpiredInvitation(s, RoleRef.Of(SystemRole.User), s.Workspace, SystemRole.WorkspaceAdmin);
        // Invites into the workspace, but holds only the auditor's capabilities there.
        var inviter = new ActorContext(
            s.World.NewId(), null, s.Customer, RoleRef.Of(SystemRole.User), AuthoritySource.Home, CapabilitySet.Empty,
            new Dictionary<Guid, IReadOnlySet<Capability>> { [s.Workspace] = CapabilitySet.Union(SystemRoles.WorkspaceAuditor.Capabilities, [Capability.InviteMembers]) });
        var inviting = InviteAdmin.Decide(
            s.World.Tenant(s.Customer), null, new InviteAdmin(s.Customer, "m@acme.test", "M", "Ember", null, s.Workspace, SystemRole.WorkspaceAdmin), inviter, Guid.NewGuid(), World.Now);

        s.World.Decide(inviter, new ResendInvitation(members)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.Escalation)
            .ShouldBe(inviting.Rejection);
        var workspaceAdmin = s.World.NewAdmin(s.Customer, SystemRole.User);
        s.World.GivenWorkspaceRole(workspaceAdmin, s.Workspace, SystemRole.WorkspaceAdmin);
        s.World.Decide(workspaceAdmin, new ResendInvitation(members)).ShouldBeAccepted();
    }

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var inviter in Inviters.Keys)
        {
            foreach (var invitation in Invitations.Keys)
            {
                data.Add(inviter, invitation);
            }
        }

        return data;
    }

    /// <summary>Callers who may invite somebody: in the tenant, from its parent, or in the workspace only.</summary>
    private static readonly Dictionary<string, Func<Scene, Guid>> Inviters = new()
    {
        ["an Owner"] = s => s.World.OwnerOf(s.Customer),
        ["an Administrator"] = s => s.World.NewAdmin(s.Customer, SystemRole.Administrator),
        ["an Owner of the parent"] = s => s.World.OwnerOf(s.Partner),
        ["an Administrator of the parent"] = s => s.World.NewAdmin(s.Partner, SystemRole.Administrator),
        ["a workspace administrator"] = s =>
        {
            var admin = s.World.NewAdmin(s.Customer, SystemRole.User);
            s.World.GivenWorkspaceRole(admin, s.Workspace, SystemRole.WorkspaceAdmin);
            return admin;
        },
    };

    /// <summary>The role an invitation is for: tenant role, workspace, workspace role.</summary>
    private static readonly Dictionary<string, Func<Scene, (RoleRef Role, Guid? Workspace, SystemRole? WorkspaceRole)>> Invitations = new()
    {
        ["Owner"] = _ => (RoleRef.Of(SystemRole.Owner), null, null),
        ["Administrator"] = _ => (RoleRef.Of(SystemRole.Administrator), null, null),
        ["Manager"] = _ => (RoleRef.Of(SystemRole.Manager), null, null),
        ["Viewer"] = _ => (RoleRef.Of(SystemRole.Viewer), null, null),
        ["custom Tech"] = s => (RoleRef.Custom(s.TechRole), null, null),
        ["Auditor, WorkspaceAdmin in Retail"] = s => (RoleRef.Of(SystemRole.Auditor), s.Workspace, SystemRole.WorkspaceAdmin),
        ["Member, WorkspaceAdmin in Retail"] = s => (RoleRef.Of(SystemRole.User), s.Workspace, SystemRole.WorkspaceAdmin),
        ["Member, WorkspaceAuditor in Retail"] = s => (RoleRef.Of(SystemRole.User), s.Workspace, SystemRole.WorkspaceAuditor),
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void it_is_accepted_exactly_when_the_same_invitation_would_be_and_refused_with_the_same_code(string inviter, string invitation)
    {
        var s = NewScene();
        var actor = Inviters[inviter](s);
        var (role, workspace, workspaceRole) = Invitations[invitation](s);
        var pending = ExpiredInvitation(s, role, workspace, workspaceRole);

        var inviting = Invite(s, actor, role, workspace, workspaceRole);
        var resending = s.World.Decide(actor, new ResendInvitation(pending));

        resending.IsAccepted.ShouldBe(inviting.IsAccepted, $"{inviter} resending {invitation}: {resending.Rejection}; inviting: {inviting.Rejection}");
        resending.Rejection?.Code.ShouldBe(inviting.Rejection!.Code, $"{inviter} resending {invitation}");
    }
}
