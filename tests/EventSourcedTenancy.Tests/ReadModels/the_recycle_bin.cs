using System.Text.Json;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.RecycleBin;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedTenancy.Tests.ReadModels;

[Collection(ServiceTestCollection.Name)]
public sealed class the_recycle_bin(ServiceFixture fixture)
{
    private async Task<List<RecycleBinEntry>> ListAsync(Installation world)
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Get.Url($"/tenants/{world.Customer}/recycle-bin");
        });
        return JsonSerializer.Deserialize<List<RecycleBinEntry>>(await result.ReadAsTextAsync(), Installation.Json)!;
    }

    [Fact]
    public async Task shows_who_deleted_an_account_when_and_why_and_until_when_it_can_come_back()
    {
        var world = await Installation.CreateAsync(fixture);

        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.WithRequestHeader("X-Reason", "Duplicate account");
            s.Post.Url($"/accounts/{world.Manager}/delete");
        });

        var entry = (await ListAsync(world)).Single(e => e.Id == world.Manager);
        entry.Kind.ShouldBe(RecycleBinKind.Account);
        entry.DeletedBy.ShouldBe(world.CustomerOwner);
        entry.Reason.ShouldBe("Duplicate account");
        entry.DisplayName.ShouldContain("manager@customer.test");
        entry.Restorable.ShouldBeTrue();
        entry.RestorableUntil.ShouldBe(entry.DeletedAt + fixture.Host.Services.GetRequiredService<RecycleBinSettings>().Retention);
        entry.Restore.ShouldBe($"/accounts/{world.Manager}/restore");
    }

    [Fact]
    public async Task restore_brings_back_the_previous_state_and_role_and_keeps_both_in_the_history()
    {
        var world = await Installation.CreateAsync(fixture);

        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.InactiveAdmin}/delete");
        (await ListAsync(world)).ShouldContain(e => e.Id == world.InactiveAdmin);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.InactiveAdmin}/restore");

        (await ListAsync(world)).ShouldNotContain(e => e.Id == world.InactiveAdmin);
        await using var query = fixture.Store.QuerySession();
        var account = (await query.LoadAsync<Account>(world.InactiveAdmin)).ShouldNotBeNull();
        account.State.ShouldBe(AccountState.Inactive);
        account.Role.Role.ShouldBe(EventSourcedTenancy.Authorization.SystemRole.Operator);
        var history = (await query.Events.FetchStreamAsync(world.InactiveAdmin)).Select(e => e.Data.GetType()).ToList();
        history.ShouldContain(typeof(AccountSetDeleted));
        history[^1].ShouldBe(typeof(AccountRestored));
    }

    [Fact]
    public async Task purge_erases_and_empties_the_bin()
    {
        var world = await Installation.CreateAsync(fixture);

        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.DeletedAdmin}/erase");

        (await ListAsync(world)).ShouldNotContain(e => e.Id == world.DeletedAdmin);
        await using var query = fixture.Store.QuerySession();
        (await query.LoadAsync<Account>(world.DeletedAdmin)).ShouldNotBeNull().State.ShouldBe(AccountState.Erased);
    }

    [Fact]
    public async Task after_the_retention_an_account_can_no_longer_be_restored_and_nothing_is_written()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();
        var restore = new RestoreAccount(world.DeletedAdmin);
        var metadata = new EventSourcedTenancy.Commands.CommandMetadata(
            world.CustomerOwner, null, "tests", EventSourcedTenancy.Commands.CommandSource.Http, null, null, null, null, null);

        // The same handler, with a loader whose recycle bin keeps nothing.
        var loader = new EventSourcedTenancy.Commands.CommandLoader(
            fixture.Store, TimeProvider.System, new RecycleBinSettings(TimeSpan.Zero), fixture.Host.Services.GetRequiredService<EventSourcedTenancy.Federation.SecretSealer>());
        await using var session = fixture.Store.LightweightSession();
        var outcome = await EventSourcedTenancy.Commands.CommandHandler<RestoreAccount>.RunAsync(
            restore, metadata, session, loader, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        await session.SaveChangesAsync();

        outcome.Code.ShouldBe("retention_expired");
        (await fixture.CountEventsAsync()).ShouldBe(before);
    }
}
