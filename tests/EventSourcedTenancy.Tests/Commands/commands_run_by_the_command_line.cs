using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Commands;

/// <summary>The command line (install, seed-demo, import-users) runs commands through <see cref="LocalCommands"/>, beside a running service.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class commands_run_by_the_command_line(ServiceFixture fixture)
{
    /// <summary>
    /// Eight commands on one account at once: each but the first loses the race for the account's stream at least
    /// once, is decided again from a fresh read, and is applied; none ends in an exception or is applied twice.
    /// </summary>
    [Fact]
    public async Task a_command_that_loses_a_race_for_its_stream_is_decided_again_and_applied_once()
    {
        var world = await Installation.CreateAsync(fixture);
        long Before(IReadOnlyList<JasperFx.Events.IEvent> events) => events.Count(e => e.Data is PasswordResetRequested);
        await using (var query = fixture.Store.QuerySession())
        {
            var before = Before(await query.Events.FetchStreamAsync(world.User));
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => LocalCommands.RunAsync(fixture.Host.Services, new ResetPassword(world.User),
                new CommandMetadata(world.CustomerOwner, null, "command-line-test", CommandSource.CommandLine, null, null, null, null, null)))));

            outcomes.ShouldAllBe(o => o.Accepted, string.Join("; ", outcomes.Select(o => $"{o.Code}: {o.Message}")));
            await using var after = fixture.Store.QuerySession();
            (Before(await after.Events.FetchStreamAsync(world.User)) - before).ShouldBe(8);
            outcomes.Select(o => o.StreamVersions[world.User]).ShouldBeUnique("each applied at a version of its own");
        }
    }
}
