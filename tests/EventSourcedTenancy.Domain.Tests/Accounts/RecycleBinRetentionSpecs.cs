using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>
/// docs/domain.md: a soft-deleted account can be restored from the recycle bin for the installation's
/// retention (30 days unless set), up to and including its last moment; after that it can only be erased.
/// A restore checks the retention last, once the caller's authority over the account is settled.
/// </summary>
public class RecycleBinRetentionSpecs
{
    private static readonly DateTimeOffset DeletedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    [Fact]
    public void the_recycle_bin_keeps_accounts_thirty_days_unless_the_installation_says_otherwise() =>
        RecycleBinRetention.Default.ShouldBe(TimeSpan.FromDays(30));

    [Fact]
    public void an_account_is_restorable_until_its_deletion_plus_the_retention() =>
        RecycleBinRetention.RestorableUntil(DeletedAt, Retention).ShouldBe(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void within_the_retention_a_restore_is_not_held_back() =>
        RecycleBinRetention.Check(DeletedAt, Retention, DeletedAt + Retention - TimeSpan.FromTicks(1)).ShouldBeNull();

    [Fact]
    public void at_the_last_moment_of_the_retention_a_restore_is_not_held_back() =>
        RecycleBinRetention.Check(DeletedAt, Retention, DeletedAt + Retention).ShouldBeNull();

    [Fact]
    public void one_moment_after_the_retention_a_restore_is_refused_saying_when_and_what_to_do_instead()
    {
        var rejection = RecycleBinRetention.Check(DeletedAt, Retention, DeletedAt + Retention + TimeSpan.FromTicks(1));

        rejection.ShouldBe(Rejection.Conflict(
            "retention_expired",
            "The account was deleted on 2026-01-01 and the recycle bin keeps accounts 14 days; erase it, or invite the person again."));
    }

    [Fact]
    public void an_account_with_no_recorded_deletion_is_not_held_back() =>
        RecycleBinRetention.Check(null, Retention, DateTimeOffset.MaxValue).ShouldBeNull();

    [Fact]
    public void a_restore_within_the_retention_is_accepted_as_its_decider_accepts_it()
    {
        var (world, owner, admin) = DeletedAdmin();
        var command = new RestoreAccount(admin);

        var decision = command.Decide(world.Read(command, owner, deletedAt: World.Now - Retention, retention: Retention));

        decision.ShouldDecideAs(world.Decide(owner, command));
        decision.Single<AccountRestored>(admin).RestoredTo.ShouldBe(AccountState.Active);
    }

    [Fact]
    public void a_restore_after_the_retention_is_refused_though_its_decider_would_accept_it()
    {
        var (world, owner, admin) = DeletedAdmin();
        var command = new RestoreAccount(admin);
        var deletedAt = World.Now - Retention - TimeSpan.FromSeconds(1);

        var decision = command.Decide(world.Read(command, owner, deletedAt: deletedAt, retention: Retention));

        world.Decide(owner, command).ShouldBeAccepted();
        decision.ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.RetentionExpired);
        decision.Rejection.ShouldBe(RecycleBinRetention.Check(deletedAt, Retention, World.Now));
    }

    [Fact]
    public void a_restore_uses_the_installations_retention()
    {
        var (world, owner, admin) = DeletedAdmin();
        var command = new RestoreAccount(admin);
        var deletedAt = World.Now - TimeSpan.FromDays(20);

        command.Decide(world.Read(command, owner, deletedAt: deletedAt, retention: TimeSpan.FromDays(30))).ShouldBeAccepted();
        command.Decide(world.Read(command, owner, deletedAt: deletedAt, retention: TimeSpan.FromDays(10)))
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.RetentionExpired);
    }

    [Fact]
    public void a_caller_without_authority_is_refused_for_its_authority_not_for_the_retention()
    {
        var (world, _, admin) = DeletedAdmin();
        var viewer = world.NewAdmin(world.Account(admin).TenantId, SystemRole.Viewer);
        var command = new RestoreAccount(admin);

        var decision = command.Decide(world.Read(command, viewer, deletedAt: World.Now - TimeSpan.FromDays(365), retention: Retention));

        decision.ShouldDecideAs(world.Decide(viewer, command));
        decision.ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.MissingCapability);
    }

    [Fact]
    public void an_account_that_is_not_deleted_is_refused_for_its_state_not_for_the_retention()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var owner = world.OwnerOf(customer);
        var active = world.NewAdmin(customer);
        var command = new RestoreAccount(active);

        var decision = command.Decide(world.Read(command, owner, deletedAt: World.Now - TimeSpan.FromDays(365), retention: Retention));

        decision.ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.AccountState);
    }

    private static (World World, Guid Owner, Guid Admin) DeletedAdmin()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer);
        var admin = world.NewAdmin(customer);
        world.GivenAccountEvent(admin, new AccountSetDeleted(admin, AccountState.Active, "left"));
        return (world, world.OwnerOf(customer), admin);
    }
}
