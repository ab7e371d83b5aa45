using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

public class when_tenant_events_are_folded
{
    private static readonly Guid Id = new(1, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);
    private static readonly Guid First = new(2, 0, 0, [0, 0, 0, 0, 0, 0, 0, 2]);
    private static readonly Guid Second = new(3, 0, 0, [0, 0, 0, 0, 0, 0, 0, 3]);

    private static Tenant Created() => Tenant.Fold([new TenantCreated(Id, null, TenantKind.Customer, "Acme", ManagementMode.SelfManaged, First)]);

    [Fact]
    public void a_policy_section_left_out_keeps_what_was_configured_before()
    {
        var password = new PasswordPolicy(12, true, false, true, null);
        var billing = new BillingSettings("Enterprise", null);
        var tenant = Tenant.Fold(Created(), new TenantPolicyConfigured(Id, [SignInMethod.Passkey], password, MfaEnforcement.RequiredForEveryone, billing));

        tenant = Tenant.Fold(tenant, new TenantPolicyConfigured(Id, null, null, null, null));

        tenant.Policy.SignInMethods.ShouldBe([SignInMethod.Passkey]);
        tenant.Policy.PasswordPolicy.ShouldBe(password);
        tenant.Policy.MfaEnforcement.ShouldBe(MfaEnforcement.RequiredForEveryone);
        tenant.Policy.Billing.ShouldBe(billing);

        var newer = new PasswordPolicy(16, true, true, true, 30);
        Tenant.Fold(tenant, new TenantPolicyConfigured(Id, null, newer, null, new BillingSettings("Free", null))).Policy
            .ShouldBe(new TenantPolicy(tenant.Policy.SignInMethods, newer, MfaEnforcement.RequiredForEveryone, new BillingSettings("Free", null)));
    }

    [Fact]
    public void redefining_a_custom_role_replaces_it_and_keeps_the_others()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var tenant = Tenant.Fold(Created(), new CustomRoleDefined(Id, a, "A", [Capability.ViewUsers]));
        tenant = Tenant.Fold(tenant, new CustomRoleDefined(Id, b, "B", [Capability.ViewAudit]));
        tenant = Tenant.Fold(tenant, new CustomRoleDefined(Id, a, "A2", [Capability.ViewReports]));

        tenant.CustomRoles.Select(r => (r.Id, r.Name)).ShouldBe([(b, "B"), (a, "A2")]);
    }

    [Fact]
    public void the_owner_set_follows_additions_withdrawals_and_transfers_without_duplicates()
    {
        var tenant = Tenant.Fold(Created(), new OwnerAdded(Id, Second));
        tenant = Tenant.Fold(tenant, new OwnerAdded(Id, Second));
        tenant.ActiveOwners.ShouldBe([First, Second]);

        var third = Guid.NewGuid();
        Tenant.Fold(tenant, new OwnershipTransferred(Id, First, third)).ActiveOwners.ShouldBe([Second, third]);
        Tenant.Fold(tenant, new OwnershipTransferred(Id, First, Second)).ActiveOwners.ShouldBe([Second]);
        Tenant.Fold(tenant, new OwnerWithdrawn(Id, First)).ActiveOwners.ShouldBe([Second]);
    }

    [Fact]
    public void an_impersonation_target_is_held_once_and_a_session_is_held_from_its_beginning_to_its_end()
    {
        var tenant = Tenant.Fold(Created(), new ImpersonationTargetDefined(Id, Second));
        tenant = Tenant.Fold(tenant, new ImpersonationTargetDefined(Id, First));
        tenant = Tenant.Fold(tenant, new ImpersonationTargetDefined(Id, Second));
        tenant.ImpersonationTargets.ShouldBe([First, Second]);

        var until = new DateTimeOffset(2026, 1, 1, 12, 30, 0, TimeSpan.Zero);
        var begun = Tenant.Fold(tenant, new ImpersonationBegan(Id, First, Second, until));
        begun.ImpersonationSessions.ShouldBe([new ImpersonationSession(First, Second, until)]);
        begun.OpenSession(First, Second, until.AddTicks(-1)).ShouldNotBeNull();
        begun.OpenSession(First, Second, until).ShouldBeNull("a session is over at its expiry");
        begun.OpenSession(Second, Second, until.AddMinutes(-1)).ShouldBeNull("another actor has no session");

        var renewed = Tenant.Fold(begun, new ImpersonationBegan(Id, First, Second, until.AddHours(1)));
        renewed.ImpersonationSessions.ShouldHaveSingleItem().ExpiresAt.ShouldBe(until.AddHours(1));
        Tenant.Fold(renewed, new ImpersonationEnded(Id, First, Second, ImpersonationEnd.Expired)).ImpersonationSessions.ShouldBeEmpty();
        Tenant.Fold(tenant, new ImpersonationBegan(Id, First, Second)).OpenSession(First, Second, until).ShouldBeNull("an event without an expiry is over");
    }

    [Fact]
    public void a_stream_that_does_not_start_with_its_creation_cannot_be_folded()
    {
        Should.Throw<InvalidOperationException>(() => Tenant.Fold(null, new TenantDeleted(Id, null))).Message
            .ShouldBe("A tenant stream starts with TenantCreated, not TenantDeleted.");
        Should.Throw<InvalidOperationException>(() => Tenant.Fold([])).Message.ShouldBe("A tenant needs at least one event.");
        Should.Throw<InvalidOperationException>(() => Account.Fold(null, new AccountReactivated(Id))).Message
            .ShouldBe("An account stream starts with its creation, not AccountReactivated.");
        Should.Throw<InvalidOperationException>(() => Account.Fold([])).Message.ShouldBe("An account needs at least one event.");
    }
}

public class when_account_events_are_folded
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid Retail = Guid.NewGuid();
    private static readonly Guid Wholesale = Guid.NewGuid();

    [Fact]
    public void a_workspace_role_is_held_once_per_workspace_and_removed_from_that_workspace_only()
    {
        var account = Account.Fold([
            new AdminCreated(Id, Guid.NewGuid(), "a@b.test", "A", "B", RoleRef.Of(SystemRole.User)),
            new WorkspaceRoleAssigned(Id, Retail, SystemRole.WorkspaceAuditor),
            new WorkspaceRoleAssigned(Id, Wholesale, SystemRole.WorkspaceAuditor),
            new WorkspaceRoleAssigned(Id, Retail, SystemRole.WorkspaceAdmin),
        ]);

        account.WorkspaceRoles.ShouldBe([new WorkspaceRoleAssignment(Wholesale, SystemRole.WorkspaceAuditor), new WorkspaceRoleAssignment(Retail, SystemRole.WorkspaceAdmin)]);
        account.WorkspaceRoleIn(Retail).ShouldBe(SystemRole.WorkspaceAdmin);
        account.WorkspaceRoleIn(Wholesale).ShouldBe(SystemRole.WorkspaceAuditor);
        account.WorkspaceRoleIn(Guid.NewGuid()).ShouldBeNull();

        var removed = Account.Fold(account, new WorkspaceRoleRemoved(Id, Retail, SystemRole.WorkspaceAdmin));
        removed.WorkspaceRoles.ShouldBe([new WorkspaceRoleAssignment(Wholesale, SystemRole.WorkspaceAuditor)]);
    }

    [Fact]
    public void its_display_name_is_the_person_or_for_an_erased_account_its_id()
    {
        var account = Account.Fold([new AdminCreated(Id, Guid.NewGuid(), "ada@acme.test", "Ada", "Lovelace", RoleRef.Of(SystemRole.Viewer))]);
        account.DisplayName.ShouldBe("Ada Lovelace <ada@acme.test>");
        Account.Fold(account, new AccountErased(Id, null)).DisplayName.ShouldBe($"account {Id}");
    }
}

public class when_roles_and_decisions_are_shown_to_a_person
{
    [Fact]
    public void a_role_names_itself_and_a_custom_role_by_its_name_in_its_tenant()
    {
        var world = World.WithInstallation();
        var tenant = world.Tenant(world.NewTenant(TenantKind.Customer, name: "Acme"));
        var id = Guid.NewGuid();
        var withRole = Tenant.Fold(tenant, new CustomRoleDefined(tenant.Id, id, "Helpdesk", [Capability.ViewUsers]));

        RoleRef.Of(SystemRole.Viewer).ToString().ShouldBe("Viewer");
        RoleRef.Custom(id).ToString().ShouldBe($"custom role {id}");
        new RoleRef(null, null).ToString().ShouldBe("no role");
        RoleRef.Custom(id).IsCustom.ShouldBeTrue();
        RoleRef.Of(SystemRole.Viewer).IsCustom.ShouldBeFalse();
        TenantRoles.NameOf(RoleRef.Custom(id), withRole).ShouldBe("Helpdesk");
        TenantRoles.NameOf(RoleRef.Custom(id), tenant).ShouldBe($"unknown custom role {id}");
        TenantRoles.NameOf(RoleRef.Of(SystemRole.Operator), tenant).ShouldBe("Operator");
        TenantRoles.NameOf(new RoleRef(null, null), tenant).ShouldBe("no role");
        TenantRoles.CapabilitiesOf(new RoleRef(null, null), tenant).ShouldBeNull();
    }

    [Fact]
    public void a_decision_says_what_it_wrote_or_why_it_was_refused()
    {
        var id = Guid.NewGuid();
        Decision.Accept(PendingEvent.ForAccount(id, new PasswordResetRequested(id)), PendingEvent.ForAccount(id, new MfaResetForced(id)))
            .ToString().ShouldBe("Accepted: PasswordResetRequested, MfaResetForced");
        Decision.Reject(Rejection.Conflict(RejectionCodes.LastOwner, "Keep one.")).ToString().ShouldBe("Rejected: Conflict last_owner: Keep one.");
    }

    [Fact]
    public void every_role_but_user_is_administrative_and_names_the_seeds_it_comes_from()
    {
        SystemRoles.All.Where(r => !r.IsAdministrative).Select(r => r.Role).ShouldBe([SystemRole.User]);
        SystemRoles.All.ToDictionary(r => r.Role, r => r.Source).ShouldBe(new Dictionary<SystemRole, string>
        {
            [SystemRole.Owner] = "seeds 003, 000",
            [SystemRole.Administrator] = "seeds 003, 002 (Super Admin), 001",
            [SystemRole.BusinessAdmin] = "seed 002",
            [SystemRole.Manager] = "seed 000",
            [SystemRole.Operator] = "seed 003",
            [SystemRole.Auditor] = "seed 002",
            [SystemRole.Viewer] = "seed 003",
            [SystemRole.WorkspaceAdmin] = "seed 002",
            [SystemRole.WorkspaceAuditor] = "seed 002",
            [SystemRole.User] = "seeds 000, 001",
        });
        Should.Throw<ArgumentOutOfRangeException>(() => SystemRoles.Of((SystemRole)99)).Message.ShouldStartWith("Unknown system role.");
        Should.Throw<ArgumentOutOfRangeException>(() => FunctionPrivileges.CapabilitiesOf((FunctionPrivilege)99)).Message.ShouldStartWith("Unknown function privilege.");
    }
}

public class when_a_command_outcome_is_reported
{
    [Fact]
    public void an_accepted_one_names_its_first_stream_and_a_rejected_one_its_code()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var accepted = CommandOutcome.Accept(new Dictionary<Guid, long> { [first] = 3, [second] = 1 }, ["UserCreated"]);
        accepted.Accepted.ShouldBeTrue();
        accepted.StreamId.ShouldBe(first);
        accepted.Repeated.ShouldBeFalse();
        CommandOutcome.Accept(new Dictionary<Guid, long>(), []).StreamId.ShouldBeNull();

        var rejected = CommandOutcome.Reject(Rejection.Forbidden(RejectionCodes.OwnerOnly, "Owners only."));
        (rejected.Accepted, rejected.Code, rejected.Message, rejected.Kind, rejected.StreamId).ShouldBe((false, "owner_only", "Owners only.", RejectionKind.Forbidden, (Guid?)null));
        rejected.Events.ShouldBeEmpty();
        Should.Throw<ArgumentNullException>(() => CommandOutcome.Reject(null!));
        CommandOutcome.Unauthenticated().Code.ShouldBe("unauthenticated");
        CommandOutcome.Conflict("Changed meanwhile.").ShouldSatisfyAllConditions(
            o => o.Code.ShouldBe("concurrent_change"), o => o.Kind.ShouldBe(RejectionKind.Conflict), o => o.Message.ShouldBe("Changed meanwhile."));
    }
}

public class when_input_is_at_its_limits
{
    [Fact]
    public void each_length_limit_admits_its_maximum_and_refuses_one_more()
    {
        InputValidation.Email(new string('a', InputValidation.MaxEmailLength - 10) + "@acme.test").ShouldBeNull();
        InputValidation.Email(new string('a', InputValidation.MaxEmailLength - 9) + "@acme.test")!.Code.ShouldBe(RejectionCodes.InvalidEmail);
        InputValidation.PersonName(new string('a', InputValidation.MaxPersonNameLength), "First name").ShouldBeNull();
        InputValidation.PersonName(new string('a', InputValidation.MaxPersonNameLength + 1), "First name")!.Message.ShouldBe("First name is longer than 100 characters; shorten it.");
        InputValidation.Name(new string('a', InputValidation.MaxNameLength), "Tenant name").ShouldBeNull();
        InputValidation.Name(new string('a', InputValidation.MaxNameLength + 1), "Tenant name")!.Message.ShouldBe("Tenant name is longer than 200 characters; shorten it.");
        InputValidation.Reason(new string('a', InputValidation.MaxReasonLength)).ShouldBeNull();
        InputValidation.Reason(new string('a', InputValidation.MaxReasonLength + 1))!.Message.ShouldBe("The reason is longer than 500 characters; shorten it.");
        InputValidation.Defined(TenantKind.Unit, "Tenant kind").ShouldBeNull();
        InputValidation.Defined((TenantKind)99, "Tenant kind")!.Message.ShouldBe("Tenant kind '99' is not one of Infrastructure, Partner, Folder, Customer, Unit.");
    }

    [Fact]
    public void an_owner_only_check_is_asked_only_about_owner_only_capabilities()
    {
        var world = World.WithInstallation();
        Should.Throw<ArgumentException>(() => OwnerOnly.Require(world.Actor(world.SuperuserId), Capability.ViewUsers, "view users")).Message
            .ShouldStartWith("ViewUsers is not an owner-only capability.");
    }

    [Fact]
    public void the_resolver_needs_an_actor_and_a_chain_with_the_target()
    {
        var world = World.WithInstallation();
        Should.Throw<ArgumentNullException>(() => ActorResolver.Resolve(null!, world.Chain(world.InfrastructureId)));
        Should.Throw<ArgumentNullException>(() => ActorResolver.Resolve(world.Account(world.SuperuserId), null!));
        Should.Throw<ArgumentException>(() => ActorResolver.Resolve(world.Account(world.SuperuserId), [])).Message.ShouldStartWith("The chain needs at least the target tenant.");
    }
}
