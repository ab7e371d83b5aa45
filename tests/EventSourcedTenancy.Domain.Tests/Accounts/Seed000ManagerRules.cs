using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>
/// Seed 000 (docs/seeds.md, "Seed 000: manager rules"), the Tenant Manager guide: every "can" and "cannot"
/// bullet and the decision guide, each row quoting its line, each case decided by a Manager in its own
/// tenant.
/// </summary>
public class Seed000ManagerRules
{
    private const string Seed = "000_162dfdd1b6186847.txt";

    /// <summary>The Manager's tenant and the accounts around it.</summary>
    private sealed record Scene(World World, Guid Tenant, Guid Manager, Guid OtherManager, Guid Owner, Guid Admin, Guid Viewer, Guid User, Guid DeletedUser);

    private static Scene NewScene()
    {
        var world = World.WithInstallation();
        var tenant = world.NewTenant(TenantKind.Customer, name: "Gen3 Tenant");
        var user = world.NewUser(tenant);
        var deletedUser = world.NewUser(tenant);
        world.GivenAccountEvent(deletedUser, new AccountSetDeleted(deletedUser, AccountState.Active, null));
        return new Scene(
            world, tenant, world.NewAdmin(tenant, SystemRole.Manager), world.NewAdmin(tenant, SystemRole.Manager), world.OwnerOf(tenant),
            world.NewAdmin(tenant, SystemRole.Administrator), world.NewAdmin(tenant, SystemRole.Viewer), user, deletedUser);
    }

    private const string Forbidden = "forbidden: ";

    private static readonly Dictionary<string, Func<Scene, Decision>> Commands = new()
    {
        ["create a tenant user"] = s => s.World.Decide(s.Manager, new CreateUser(s.Tenant, "new.staff@gen3.test", "New", "Staff")),
        ["set a tenant user inactive"] = s => s.World.Decide(s.Manager, new SetAdminInactive(s.User, "left for the day")),
        ["set a tenant user deleted"] = s => s.World.Decide(s.Manager, new SetAccountDeleted(s.User, null)),
        ["restore a deleted tenant user"] = s => s.World.Decide(s.Manager, new RestoreAccount(s.DeletedUser)),
        ["reset a tenant user's MFA"] = s => s.World.Decide(s.Manager, new ForceMfaReset(s.User)),
        ["reset a tenant user's password"] = s => s.World.Decide(s.Manager, new ResetPassword(s.User)),
        ["create a managed group"] = s => s.World.Decide(s.Manager, new CreateWorkspace(s.Tenant, "Support group")),
        ["promote an administrator to Owner"] = s => s.World.Decide(s.Manager, new PromoteToOwner(s.Admin)),
        ["change an administrator's role to Owner"] = s => s.World.Decide(s.Manager, new ChangeRole(s.Viewer, RoleRef.Of(SystemRole.Owner))),
        ["invite an Owner"] = s => s.World.Decide(s.Manager, new InviteAdmin(s.Tenant, "boss@gen3.test", "Big", "Boss", RoleRef.Of(SystemRole.Owner), null, null)),
        ["change an administrator's role to Manager"] = s => s.World.Decide(s.Manager, new ChangeRole(s.Viewer, RoleRef.Of(SystemRole.Manager))),
        ["change a tenant user's role to Manager"] = s => s.World.Decide(s.Manager, new ChangeRole(s.User, RoleRef.Of(SystemRole.Manager))),
        ["invite a Manager"] = s => s.World.Decide(s.Manager, new InviteAdmin(s.Tenant, "mgr@gen3.test", "New", "Manager", RoleRef.Of(SystemRole.Manager), null, null)),
        ["set the Owner inactive"] = s => s.World.Decide(s.Manager, new SetAdminInactive(s.Owner, null)),
        ["reset the Owner's password"] = s => s.World.Decide(s.Manager, new ResetPassword(s.Owner)),
        ["reset the Owner's MFA"] = s => s.World.Decide(s.Manager, new ForceMfaReset(s.Owner)),
        ["set the Owner deleted"] = s => s.World.Decide(s.Manager, new SetAccountDeleted(s.Owner, null)),
        ["set sign-in methods"] = s => s.World.Decide(s.Manager, new ConfigureTenantPolicy(s.Tenant, [SignInMethod.Passkey], null, null, null)),
        ["set the password policy"] = s => s.World.Decide(s.Manager, new ConfigureTenantPolicy(s.Tenant, null, new PasswordPolicy(12, true, true, true, null), null, null)),
        ["enforce MFA"] = s => s.World.Decide(s.Manager, new ConfigureTenantPolicy(s.Tenant, null, null, MfaEnforcement.RequiredForEveryone, null)),
        ["change billing settings"] = s => s.World.Decide(s.Manager, new ConfigureTenantPolicy(s.Tenant, null, null, null, new BillingSettings("Enterprise", null))),
        ["reset another Manager's password"] = s => s.World.Decide(s.Manager, new ResetPassword(s.OtherManager)),
        ["set another Manager inactive"] = s => s.World.Decide(s.Manager, new SetAdminInactive(s.OtherManager, null)),
        ["demote an administrator to Viewer"] = s => s.World.Decide(s.Manager, new ChangeRole(s.Admin, RoleRef.Of(SystemRole.Viewer))),
        ["invite an administrator with the lowest role"] = s => s.World.Decide(s.Manager, new InviteAdmin(s.Tenant, "viewer@gen3.test", "New", "Viewer", null, null, null)),
        ["erase a tenant user permanently"] = s => s.World.Decide(s.Manager, new EraseAccount(s.User, null)),
    };

    // Seed line | case | expected ("accepted", "forbidden: <rejection code>", or "holds <Capability>")
    public static TheoryData<string, string, string, string> Rows() => new()
    {
        { Seed, "can: open Management → Users", "view users", "holds ViewUsers" },
        { Seed, "can: create and manage Tenant User accounts", "create a tenant user", "accepted" },
        { Seed, "can: create and manage Tenant User accounts", "set a tenant user inactive", "accepted" },
        { Seed, "can: create and manage Tenant User accounts", "set a tenant user deleted", "accepted" },
        { Seed, "can: create and manage Tenant User accounts", "restore a deleted tenant user", "accepted" },
        { Seed, "can: reset MFA and password-help flows for eligible tenant users", "reset a tenant user's MFA", "accepted" },
        { Seed, "can: reset MFA and password-help flows for eligible tenant users", "reset a tenant user's password", "accepted" },
        { Seed, "can: review tenant observability and billing analytics within the manager's effective scope", "observability", "holds ViewObservability" },
        { Seed, "can: review tenant observability and billing analytics within the manager's effective scope", "billing analytics", "holds ViewBillingAnalytics" },
        { Seed, "can: manage managed-group governance and delegated operational work", "create a managed group", "accepted" },
        { Seed, "cannot: they cannot assign or promote Tenant Owner", "promote an administrator to Owner", Forbidden + RejectionCodes.OnlyOwnerMakesOwner },
        { Seed, "cannot: they cannot assign or promote Tenant Owner", "change an administrator's role to Owner", Forbidden + RejectionCodes.OnlyOwnerMakesOwner },
        { Seed, "cannot: they cannot assign or promote Tenant Owner", "invite an Owner", Forbidden + RejectionCodes.OnlyOwnerMakesOwner },
        { Seed, "cannot: they cannot assign Tenant Manager", "change an administrator's role to Manager", Forbidden + RejectionCodes.MissingCapability },
        { Seed, "cannot: they cannot assign Tenant Manager", "change a tenant user's role to Manager", Forbidden + RejectionCodes.MissingCapability },
        { Seed, "cannot: they cannot assign Tenant Manager", "invite a Manager", Forbidden + RejectionCodes.MissingCapability },
        { Seed, "cannot: they cannot manage owner accounts", "set the Owner inactive", Forbidden + RejectionCodes.OwnerAccount },
        { Seed, "cannot: they cannot manage owner accounts", "reset the Owner's password", Forbidden + RejectionCodes.OwnerAccount },
        { Seed, "cannot: they cannot manage owner accounts", "reset the Owner's MFA", Forbidden + RejectionCodes.OwnerAccount },
        { Seed, "cannot: they cannot manage owner accounts", "set the Owner deleted", Forbidden + RejectionCodes.OwnerAccount },
        { Seed, "cannot: they cannot edit owner-only tenant policy controls in Account Settings", "set sign-in methods", Forbidden + RejectionCodes.OwnerOnly },
        { Seed, "cannot: they cannot edit owner-only tenant policy controls in Account Settings", "set the password policy", Forbidden + RejectionCodes.OwnerOnly },
        { Seed, "cannot: they cannot edit owner-only tenant policy controls in Account Settings", "enforce MFA", Forbidden + RejectionCodes.OwnerOnly },
        { Seed, "cannot: they cannot edit owner-only tenant policy controls in Account Settings", "change billing settings", Forbidden + RejectionCodes.OwnerOnly },
        { Seed, "escalate when: the target account is already a manager or owner", "reset another Manager's password", Forbidden + RejectionCodes.AdministratorAccount },
        { Seed, "escalate when: the target account is already a manager or owner", "set another Manager inactive", Forbidden + RejectionCodes.AdministratorAccount },
        { Seed, "escalate when: the requested role change would create or remove elevated authority", "demote an administrator to Viewer", Forbidden + RejectionCodes.MissingCapability },
        { Seed, "managers are intentionally limited to the standard tenant-user role", "invite an administrator with the lowest role", Forbidden + RejectionCodes.Escalation },
        { Seed, "use a tenant manager workflow when: the change is operational and reversible", "erase a tenant user permanently", Forbidden + RejectionCodes.MissingCapability },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void each_manager_rule_holds(string seed, string line, string @case, string expected)
    {
        var scene = NewScene();
        var reason = $"{seed}, '{line}': {@case} → {expected}";
        if (expected.StartsWith("holds ", StringComparison.Ordinal))
        {
            var capability = Enum.Parse<Capability>(expected["holds ".Length..]);
            scene.World.Actor(scene.Manager).Capabilities.ShouldContain(capability, reason);
            return;
        }

        var decision = Commands[@case](scene);
        if (expected == "accepted")
        {
            decision.IsAccepted.ShouldBeTrue($"{reason}, but {decision.Rejection}");
            decision.Events.ShouldNotBeEmpty();
        }
        else
        {
            expected.ShouldStartWith(Forbidden, customMessage: reason);
            decision.ShouldBeRejected(RejectionKind.Forbidden, expected[Forbidden.Length..]);
        }
    }

    [Fact]
    public void a_user_created_by_a_manager_holds_the_standard_tenant_user_role()
    {
        var scene = NewScene();
        var created = scene.World.Execute(scene.Manager, new CreateUser(scene.Tenant, "staff@gen3.test", "Sam", "Staff")).ShouldBeAccepted();
        var account = scene.World.Account(created.Events.Single().StreamId);
        account.Kind.ShouldBe(AccountKind.User);
        account.Role.ShouldBe(RoleRef.Of(SystemRole.User));
    }

    [Fact]
    public void when_a_manager_invites_an_owner_it_is_rejected_with_a_sentence_that_says_to_escalate()
    {
        var scene = NewScene();
        var rejection = Commands["invite an Owner"](scene).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OnlyOwnerMakesOwner);
        rejection.Message.ShouldBe("Only an Owner can make an Owner; escalate to an Owner.");
    }
}
