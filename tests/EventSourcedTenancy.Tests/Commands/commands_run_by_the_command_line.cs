using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Commands;

/// <summary>The command line (install, seed-demo, import-users) runs commands through <see cref="LocalCommands"/>, beside a running service.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class commands_run_by_the_command_line(ServiceFixture fixture)
{
    /// <summary>
    /// Eight commands on one account at once: those that lose the race for the account's stream (without the retry
    /// this test fails with Marten's unexpected-version exception) are decided again from a fresh read; all eight are
    /// applied, each once at a version of its own, none ends in an exception.
    /// </summary>
    [Fact]
    public async Task a_command_that_loses_a_race_for_its_stream_is_decided_again_and_applied_once()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await ResetsAsync(world.User);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => LocalCommands.RunAsync(fixture.Host.Services, new ResetPassword(world.User),
            new CommandMetadata(world.CustomerOwner, null, "command-line-test", CommandSource.CommandLine, null, null, null, null, null)))));

        outcomes.ShouldAllBe(o => o.Accepted, string.Join("; ", outcomes.Select(o => $"{o.Code}: {o.Message}")));
        (await ResetsAsync(world.User) - before).ShouldBe(8);
        outcomes.Select(o => o.StreamVersions[world.User]).ShouldBeUnique("each applied at a version of its own");
    }

    /// <summary>How many password resets the account's stream holds.</summary>
    private async Task<int> ResetsAsync(Guid account)
    {
        await using var query = fixture.Store.QuerySession();
        return (await query.Events.FetchStreamAsync(account)).Count(e => e.Data is PasswordResetRequested);
    }
}
