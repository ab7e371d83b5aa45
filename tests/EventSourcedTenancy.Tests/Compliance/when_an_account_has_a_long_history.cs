using System.Text.Json;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten;
using Marten.Events;

namespace EventSourcedTenancy.Tests.Compliance;

/// <summary>Snapshots make long histories cheap to replay, and change no answer.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_an_account_has_a_long_history(ServiceFixture fixture)
{
    [Fact]
    public async Task as_of_answers_from_snapshots_equal_the_fold_of_the_events()
    {
        var world = await Installation.CreateAsync(fixture);
        var account = world.User;
        var changes = (AccountSnapshots.Every * 2) + 137;
        for (var written = 0; written < changes; written += 250)
        {
            await using var session = fixture.Store.LightweightSession();
            session.Events.Append(account, Enumerable.Range(0, Math.Min(250, changes - written))
                .Select(i => (written + i) % 97 == 0 ? (object)new MfaResetForced(account) : new PasswordResetRequested(account)).ToArray());
            await session.SaveChangesAsync();
        }

        await fixture.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await using var query = fixture.Store.QuerySession();
        (await query.Query<AccountSnapshot>().Where(s => s.AccountId == account).CountAsync()).ShouldBe(2);

        var events = await query.Events.FetchStreamAsync(account);
        foreach (var version in new long[] { 1, AccountSnapshots.Every - 1, AccountSnapshots.Every, AccountSnapshots.Every + 1, 2 * AccountSnapshots.Every, events.Count })
        {
            var expected = JsonSerializer.Serialize(Account.Fold(events.Take((int)version).Select(e => e.Data)), Installation.Json);
            var byVersion = (await AsOf.AccountAsync(query, account, null, version, CancellationToken.None)).ShouldNotBeNull();
            var byMoment = (await AsOf.AccountAsync(query, account, events[(int)version - 1].Timestamp, null, CancellationToken.None)).ShouldNotBeNull();

            byVersion.Version.ShouldBe(version);
            JsonSerializer.Serialize(byVersion.State, Installation.Json).ShouldBe(expected, $"version {version}");
            JsonSerializer.Serialize(byMoment.State, Installation.Json).ShouldBe(expected, $"moment of version {version}");
        }
    }
}
