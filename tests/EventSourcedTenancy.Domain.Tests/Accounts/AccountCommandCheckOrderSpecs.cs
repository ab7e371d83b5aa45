using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>The inputs of a decision on an existing account, as the handler would pass them.</summary>
public sealed record AccountCase(Tenant Tenant, Account Account, object Command, ActorContext Actor)
{
    public Decision Decide() => Command switch
    {
        SetAccountDeleted c => SetAccountDeleted.Decide(Tenant, Account, c, Actor, World.Now),
        EraseAccount c => EraseAccount.Decide(Tenant, Account, c, Actor, World.Now),
        SetAdminInactive c => SetAdminInactive.Decide(Tenant, Account, c, Actor, World.Now),
        ReactivateAccount c => ReactivateAccount.Decide(Tenant, Account, c, Actor, World.Now),
        RestoreAccount c => RestoreAccount.Decide(Tenant, Account, c, Actor, World.Now),
        ResetPassword c => ResetPassword.Decide(Tenant, Account, c, Actor, World.Now),
        ForceMfaReset c => ForceMfaReset.Decide(Tenant, Account, c, Actor, World.Now),
        ChangeRole c => ChangeRole.Decide(Tenant, Account, c, Actor, World.Now),
        PromoteToOwner c => PromoteToOwner.Decide(Tenant, Account, c, Actor, World.Now),
        ResendInvitation c => ResendInvitation.Decide(Tenant, Account, c, Actor, World.Now),
        AcceptInvitation c => AcceptInvitation.Decide(Tenant, Account, c, Actor, World.Now),
        AssignWorkspaceRole c => AssignWorkspaceRole.Decide(Tenant, Account, c, Actor, World.Now),
        RemoveWorkspaceRole c => RemoveWorkspaceRole.Decide(Tenant, Account, c, Actor, World.Now),
        _ => throw new ArgumentException($"Not an account command: {Command.GetType().Name}.", nameof(Command)),
    };
}

/// <summary>
/// The account commands that act on a live account: their checks apply in order (docs/domain.md, "Rules,
/// one place each"): the reason, the account named and its home tenant, a live tenant, an actor resolved
/// there, the capability, the reach over the target account, and the account's state.
/// </summary>
public class when_an_account_command_fails_several_checks_at_once
{
    private const string Reason = "reason";

    /// <summary>Command | capability | what the actor was doing | state it cannot start from | state it can | what the refusal says.</summary>
    public static TheoryData<string, Capability, string, AccountState, AccountState, string> Commands() => new()
    {
        { nameof(SetAccountDeleted), Capability.CreateEditDeleteUsers, "delete accounts", AccountState.Deleted, AccountState.Active, "Account is Deleted; restore it first." },
        { nameof(EraseAccount), Capability.GdprDeleteUsers, "erase accounts permanently", AccountState.Erased, AccountState.Active, "Account is Erased; erasure is permanent" },
        { nameof(SetAdminInactive), Capability.SuspendUsers, "set accounts inactive", AccountState.Inactive, AccountState.Active, "Account is already Inactive." },
        { nameof(ReactivateAccount), Capability.SuspendUsers, "reactivate accounts", AccountState.Active, AccountState.Inactive, "Account is already Active." },
        { nameof(RestoreAccount), Capability.CreateEditDeleteUsers, "restore accounts", AccountState.Active, AccountState.Deleted, "Account is Active, not Deleted; there is nothing to restore." },
        { nameof(ResetPassword), Capability.ResetPassword, "reset passwords", AccountState.Deleted, AccountState.Active, "Account is Deleted; restore it first." },
        { nameof(ForceMfaReset), Capability.ForceMfaReset, "force MFA resets", AccountState.Deleted, AccountState.Active, "Account is Deleted; restore it first." },
    };

    private static object Command(string name, Guid accountId, string? reason) => name switch
    {
        nameof(SetAccountDeleted) => new SetAccountDeleted(accountId, reason),
        nameof(EraseAccount) => new EraseAccount(accountId, reason),
        nameof(SetAdminInactive) => new SetAdminInactive(accountId, reason),
        nameof(ReactivateAccount) => new ReactivateAccount(accountId),
        nameof(RestoreAccount) => new RestoreAccount(accountId),
        nameof(ResetPassword) => new ResetPassword(accountId),
        nameof(ForceMfaReset) => new ForceMfaReset(accountId),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown command."),
    };

    private static bool TakesReason(string name) => name is nameof(SetAccountDeleted) or nameof(EraseAccount) or nameof(SetAdminInactive);

    /// <summary>Folds the account into <paramref name="state"/> from Active.</summary>
    public static Account InState(Account active, AccountState state) => state switch
    {
        AccountState.Active => active,
        AccountState.Inactive => Account.Fold(active, new AccountSetInactive(active.Id, null)),
        AccountState.Deleted => Account.Fold(active, new AccountSetDeleted(active.Id, AccountState.Active, null)),
        AccountState.Erased => Account.Fold(active, new AccountErased(active.Id, null)),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a state this test folds into."),
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void the_first_failing_check_in_order_is_reported_each_time_one_is_mended(
        string command, Capability capability, string doing, AccountState wrongState, AccountState rightState, string stateMessage)
    {
        var world = World.WithInstallation();
        var home = world.NewTenant(TenantKind.Customer, name: "Acme");
        var elsewhere = world.NewTenant(TenantKind.Customer, name: "Elsewhere");
        var owner = world.OwnerOf(home);
        var secondOwner = world.NewAdmin(home, SystemRole.Owner);
        var live = world.Tenant(home);
        var deleted = Tenant.Fold(live, new TenantDeleted(home, null));
        var deletedElsewhere = Tenant.Fold(world.Tenant(elsewhere), new TenantDeleted(elsewhere, null));
        var active = world.Account(secondOwner);
        var ownerActor = world.Actor(owner);
        var reason = TakesReason(command) ? CheckOrder.TooLong(InputValidation.MaxReasonLength + 1) : null;

        // Everything wrong: the reason, the account named, the tenant passed, where the actor was resolved,
        // its capability, its reach over an Owner's account, and the account's state.
        var faulty = new AccountCase(
            deletedElsewhere, InState(active, wrongState), Command(command, world.NewId(), reason),
            ownerActor.Without(capability, Capability.ManageOwners) with { TenantId = elsewhere });
        var rungs = new List<Rung<AccountCase>>();
        if (reason is not null)
        {
            rungs.Add(new("the reason is too long", faulty, RejectionCodes.InvalidText, "reason is longer than 500"));
            faulty = faulty with { Command = Command(command, world.NewId(), Reason) };
        }

        rungs.Add(new("another account named, another tenant passed", faulty, RejectionCodes.WrongTenant, "Pass the account the command names"));
        rungs.Add(new("another account named", faulty with { Tenant = deleted }, RejectionCodes.WrongTenant, "Pass the account the command names"));
        faulty = faulty with { Command = Command(command, secondOwner, reason is null ? null : Reason) };
        rungs.Add(new("another tenant passed", faulty, RejectionCodes.WrongTenant, "Pass the account the command names"));
        faulty = faulty with { Tenant = deleted };
        rungs.Add(new("the tenant is deleted", faulty, RejectionCodes.TenantDeleted, "is deleted"));
        faulty = faulty with { Tenant = live };
        rungs.Add(new("the actor was resolved in another tenant", faulty, RejectionCodes.WrongTenant, "authority was resolved for a tenant other than the one the command acts in"));
        faulty = faulty with { Actor = faulty.Actor with { TenantId = home } };
        rungs.Add(new("the actor lacks the capability", faulty, RejectionCodes.MissingCapability, $"You need the {capability} capability in this tenant to {doing};"));
        faulty = faulty with { Actor = faulty.Actor.With(capability) };
        rungs.Add(new("the target is an Owner's account", faulty, RejectionCodes.OwnerAccount, "Only an Owner can manage an Owner's account"));
        faulty = faulty with { Actor = faulty.Actor.With(Capability.ManageOwners) };
        rungs.Add(new($"the account is {wrongState}", faulty, RejectionCodes.AccountState, stateMessage));
        var mended = faulty with { Account = InState(active, rightState) };

        CheckOrder.ShouldClimb(c => c.Decide(), rungs, mended).Streams.ShouldContain(secondOwner);
    }

    [Theory]
    [InlineData(nameof(SetAccountDeleted), "delete it")]
    [InlineData(nameof(EraseAccount), "erase it")]
    [InlineData(nameof(SetAdminInactive), "set it inactive")]
    public void the_last_owner_is_refused_with_a_sentence_naming_what_was_being_done(string command, string doing)
    {
        var world = World.WithInstallation();
        var home = world.NewTenant(TenantKind.Customer, name: "Acme");
        var owner = world.OwnerOf(home);
        var superOwner = world.Actor(owner);

        var rejection = new AccountCase(world.Tenant(home), world.Account(owner), Command(command, owner, null), superOwner).Decide()
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.LastOwner);

        rejection.Message.ShouldBe($"This account is the last active Owner of 'Acme'; make another Owner (or transfer ownership) before you {doing}.");
    }
}
