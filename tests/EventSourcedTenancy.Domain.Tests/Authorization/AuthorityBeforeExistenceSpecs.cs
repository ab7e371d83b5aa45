using System.Text.Json;
using System.Text.RegularExpressions;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>
/// Authority before existence (docs/domain.md, "Order of checks"): a caller without the capability a
/// command needs in the tenant learns nothing about the tenant from the refusal, not even whether what it
/// named exists. Each case builds the same installation twice, once with the named thing (a workspace, a
/// custom role, a taken name, an expired recycle-bin entry, ...) and once without, with the same ids, and
/// decides the command through the pipeline as an outsider (the Owner of another tenant) and as an
/// insider who lacks the capability or the reach: both refusals must be the authority refusal, the same
/// in both installations, and name neither the tenant nor any id the caller did not send.
/// </summary>
public partial class when_a_caller_without_authority_names_something_in_a_tenant
{
    private const string TenantName = "Acme Confidential";

    /// <summary>
    /// One installation: the command, the insider who lacks authority and the refusal it gets, and the
    /// outsider's refusal (the missing capability, unless an earlier authority check refuses it).
    /// </summary>
    private sealed record Setting(
        World World, ITenancyCommand Command, Guid Outsider, Guid Insider, string InsiderCode,
        DateTimeOffset? DeletedAt = null, string OutsiderCode = RejectionCodes.MissingCapability);

    private static (World World, Guid Acme, Guid Outsider) Installation()
    {
        var world = World.WithInstallation();
        var acme = world.NewTenant(TenantKind.Customer, name: TenantName);
        var elsewhere = world.NewTenant(TenantKind.Customer, name: "Elsewhere");
        return (world, acme, world.OwnerOf(elsewhere));
    }

    private static Guid CustomRole(World world, Guid tenant, string name, params Capability[] capabilities)
    {
        var id = world.NewId();
        world.GivenTenantEvent(tenant, new CustomRoleDefined(tenant, id, name, capabilities));
        return id;
    }

    /// <summary>Per case: the installation with (true) or without (false) the thing the command names.</summary>
    private static readonly Dictionary<string, Func<bool, Setting>> Cases = new()
    {
        ["a workspace role in a workspace"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var workspace = present ? w.NewWorkspace(acme, "Retail") : w.NewId();
            var target = w.NewAdmin(acme, SystemRole.Viewer);
            return new(w, new AssignWorkspaceRole(target, workspace, SystemRole.WorkspaceAuditor), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability);
        },
        ["removing a workspace role"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var workspace = present ? w.NewWorkspace(acme, "Retail") : w.NewId();
            var target = w.NewAdmin(acme, SystemRole.Viewer);
            return new(w, new RemoveWorkspaceRole(target, workspace), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability);
        },
        ["inviting a Member into a workspace"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var workspace = present ? w.NewWorkspace(acme, "Retail") : w.NewId();
            return new(w, new InviteAdmin(acme, "ivy@acme.test", "Ivy", "Invitee", null, workspace, SystemRole.WorkspaceAuditor), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability);
        },
        ["inviting with a custom role"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var role = present ? CustomRole(w, acme, "Helpdesk", Capability.ViewUsers) : w.NewId();
            return new(w, new InviteAdmin(acme, "ivy@acme.test", "Ivy", "Invitee", RoleRef.Custom(role), null, null), outsider, w.NewAdmin(acme, SystemRole.Manager), RejectionCodes.MissingCapability);
        },
        ["changing a role to a custom role"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var role = present ? CustomRole(w, acme, "Helpdesk", Capability.ViewUsers) : w.NewId();
            var target = w.NewAdmin(acme, SystemRole.Viewer);
            return new(w, new ChangeRole(target, RoleRef.Custom(role)), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability);
        },
        ["changing an Owner's role to a custom role"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var role = present ? CustomRole(w, acme, "Helpdesk", Capability.ViewUsers) : w.NewId();
            var owner = w.NewAdmin(acme, SystemRole.Owner);
            return new(w, new ChangeRole(owner, RoleRef.Custom(role)), outsider, w.NewAdmin(acme, SystemRole.Administrator), RejectionCodes.OwnerAccount);
        },
        ["restoring an account deleted longer ago than the recycle bin keeps it"] = expired =>
        {
            var (w, acme, outsider) = Installation();
            var deleted = w.NewAdmin(acme, SystemRole.Viewer);
            w.GivenAccountEvent(deleted, new AccountSetDeleted(deleted, AccountState.Active, "left"));
            var deletedAt = World.Now - (expired ? TimeSpan.FromDays(400) : TimeSpan.FromDays(1));
            return new(w, new RestoreAccount(deleted), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability, deletedAt);
        },
        ["defining a custom role whose name is taken"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var designer = CustomRole(w, acme, "Role designer", Capability.DefineCustomRoles, Capability.ViewUsers);
            _ = present ? CustomRole(w, acme, "Helpdesk", Capability.ViewUsers) : w.NewId();

            return new(w, new DefineCustomRole(acme, "Helpdesk", [Capability.ManageApplications]), outsider, w.NewAdmin(acme, RoleRef.Custom(designer)), RejectionCodes.Escalation);
        },
        ["defining a custom role whose name is taken, without the capability"] = present =>
        {
            var (w, acme, outsider) = Installation();
            _ = present ? CustomRole(w, acme, "Helpdesk", Capability.ViewUsers) : w.NewId();

            return new(w, new DefineCustomRole(acme, "Helpdesk", [Capability.ViewUsers]), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability);
        },
        ["creating a workspace whose name is taken"] = present =>
        {
            var (w, acme, outsider) = Installation();
            _ = present ? w.NewWorkspace(acme, "Retail") : w.NewId();
            return new(w, new CreateWorkspace(acme, "Retail"), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability);
        },
        ["inviting an email in use"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var existing = present ? w.NewUser(acme) : w.NewId();
            var email = $"user{existing.ToString()[..8]}@test.test";
            // The outsider holds nothing, so the Viewer role it names is refused as an escalation first
            // (a system role needs no look-up); the insider, a Viewer, lacks only InviteMembers.
            return new(
                w, new InviteAdmin(acme, email, "Ivy", "Invitee", RoleRef.Of(SystemRole.Viewer), null, null), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability,
                OutsiderCode: RejectionCodes.Escalation);
        },
        ["creating a user with an email in use"] = present =>
        {
            var (w, acme, outsider) = Installation();
            var existing = present ? w.NewUser(acme) : w.NewId();
            var email = $"user{existing.ToString()[..8]}@test.test";
            return new(w, new CreateUser(acme, email, "Uma", "User"), outsider, w.NewAdmin(acme, SystemRole.Viewer), RejectionCodes.MissingCapability);
        },
        ["resending an invitation that is a Member's of a workspace"] = member =>
        {
            var (w, acme, outsider) = Installation();
            var workspace = w.NewWorkspace(acme, "Retail");
            var invitation = member
                ? w.NewInvitation(acme, RoleRef.Of(SystemRole.User), workspace, SystemRole.WorkspaceAuditor)
                : w.NewInvitation(acme, RoleRef.Of(SystemRole.Viewer));
            return new(w, new ResendInvitation(invitation), outsider, w.NewAdmin(acme, SystemRole.Manager), RejectionCodes.MissingCapability);
        },
        ["granting a privilege to a deleted account"] = deleted =>
        {
            var (w, acme, outsider) = Installation();
            var target = w.NewAdmin(acme, SystemRole.Viewer);
            if (deleted)
            {
                w.GivenAccountEvent(target, new AccountSetDeleted(target, AccountState.Active, "left"));
            }

            return new(w, new GrantFunctionPrivilege(target, acme, FunctionPrivilege.AnalysisAdministrator), outsider, w.NewAdmin(acme, SystemRole.Administrator), RejectionCodes.Escalation);
        },
        ["impersonating the superuser in a tenant that shuts out its ancestors"] = defined =>
        {
            var (w, acme, outsider) = Installation();
            foreach (var privilege in FunctionPrivileges.RequiredOfSuperuserInOperationalTenant)
            {
                w.GivenPrivilege(w.SuperuserId, acme, privilege);
            }

            if (defined)
            {
                w.GivenTenantEvent(acme, new ImpersonationTargetDefined(acme, w.SuperuserId));
            }

            w.GivenTenantEvent(acme, new AncestorAccessRestricted(acme, "our data stays ours"));
            var impersonator = w.NewAdmin(w.InfrastructureId, SystemRole.Operator);
            w.GivenPrivilege(impersonator, w.InfrastructureId, FunctionPrivilege.Impersonation);
            return new(w, new BeginImpersonation(acme, w.SuperuserId), outsider, impersonator, RejectionCodes.ImpersonationNotAllowed, OutsiderCode: RejectionCodes.ImpersonationNotAllowed);
        },
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void the_refusal_is_for_authority_and_the_same_whether_or_not_the_thing_exists(string @case)
    {
        var with = Cases[@case](true);
        var without = Cases[@case](false);
        Json(with.Command).ShouldBe(Json(without.Command), "both installations must be asked the same command");
        (without.Outsider, without.Insider).ShouldBe((with.Outsider, with.Insider), "both installations must be asked by the same callers");

        foreach (var (who, code) in new[] { ("the outsider", with.OutsiderCode), ("the insider", with.InsiderCode) })
        {
            var actor = who == "the outsider" ? with.Outsider : with.Insider;
            var reason = $"{@case}, decided by {who}";
            var there = Decide(with, actor);
            var notThere = Decide(without, actor);

            there.ShouldBeRejected(RejectionKind.Forbidden, code).ShouldNotBeNull(reason);
            notThere.ShouldBeRejected(RejectionKind.Forbidden, code);
            notThere.Rejection.ShouldBe(there.Rejection, reason);
            ShouldNameNothingUnsent(there.Rejection!, with.Command, reason);
        }
    }

    [Fact]
    public void a_deleted_tenant_is_refused_without_its_name()
    {
        var (world, acme, outsider) = Installation();
        world.GivenTenantEvent(acme, new TenantDeleted(acme, "closed"));
        var command = new CreateWorkspace(acme, "Retail");

        var rejection = command.Decide(world.Read(command, outsider)).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.TenantDeleted);

        ShouldNameNothingUnsent(rejection, command, "a deleted tenant");
        rejection.Message.ShouldBe("The tenant is deleted; nothing can change in it.");
    }

    [Fact]
    public void an_actor_resolved_for_another_tenant_is_refused_without_naming_either_tenant()
    {
        var (world, acme, outsider) = Installation();
        var command = new CreateWorkspace(acme, "Retail");
        var elsewhere = world.Actor(outsider);

        var rejection = CreateWorkspace.Decide(world.Tenant(acme), command, elsewhere, world.NewId(), World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.WrongTenant);

        ShouldNameNothingUnsent(rejection, command, "an actor resolved elsewhere");
    }

    private static Decision Decide(Setting setting, Guid actor) =>
        setting.Command.Decide(setting.World.Read(setting.Command, actor, deletedAt: setting.DeletedAt));

    private static void ShouldNameNothingUnsent(Rejection rejection, ITenancyCommand command, string reason)
    {
        rejection.Message.ShouldNotContain(TenantName, Case.Insensitive, $"{reason}: {rejection}");
        var sent = Guids().Matches(Json(command)).Select(m => m.Value.ToLowerInvariant()).ToHashSet();
        var named = Guids().Matches(rejection.Message).Select(m => m.Value.ToLowerInvariant());
        named.Where(id => !sent.Contains(id)).ShouldBeEmpty($"{reason}: {rejection}");
    }

    private static string Json(ITenancyCommand command) => JsonSerializer.Serialize(command, command.GetType());

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guids();
}
