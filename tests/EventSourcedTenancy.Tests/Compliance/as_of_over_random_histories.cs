using System.Text.Json;
using CsCheck;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Compliance;

/// <summary>
/// Property: for random histories (random commands by the Owner, accepted or refused, stored for real),
/// the account as of any version and as of any event's moment is exactly the fold of the events until then.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class as_of_over_random_histories(ServiceFixture fixture)
{
    private static readonly SystemRole[] Roles = [SystemRole.Administrator, SystemRole.Operator, SystemRole.Viewer, SystemRole.Auditor, SystemRole.Manager];

    [Fact]
    public async Task equals_the_fold_of_exactly_the_events_up_to_that_moment()
    {
        var world = await Installation.CreateAsync(fixture);
        var owner = new CommandMetadata(world.CustomerOwner, null, "property", CommandSource.CommandLine, null, null, null, null, null);
        var histories = 0;

        await Gen.Select(Gen.Int[0, 8].Array[3, 20], Gen.Int[0, 1000], (steps, pick) => (steps, pick)).SampleAsync(async sample =>
        {
            var email = $"random{Interlocked.Increment(ref histories)}.{Guid.NewGuid():N}@history.test";
            var invite = new InviteAdmin(world.Customer, email, "Rand", "Om", RoleRef.Of(SystemRole.Operator), null, null);
            var account = (await fixture.RunAsync(invite, owner)).StreamId!.Value;
            var self = owner with { ActorAccountId = account };
            var accept = new AcceptInvitation(account);
            await fixture.RunAsync(accept, self);
            foreach (var step in sample.steps)
            {
                _ = step switch
                {
                    0 => await Run(new ChangeRole(account, RoleRef.Of(Roles[(step + sample.pick) % Roles.Length]))),
                    1 => await Run(new SetAdminInactive(account, "random")),
                    2 => await Run(new ReactivateAccount(account)),
                    3 => await Run(new AssignWorkspaceRole(account, world.Workspace, SystemRole.WorkspaceAuditor)),
                    4 => await Run(new RemoveWorkspaceRole(account, world.Workspace)),
                    5 => await Run(new ResetPassword(account)),
                    6 => await Run(new SetAccountDeleted(account, "random")),
                    7 => await Run(new ForceMfaReset(account)),
                    _ => await Run(new PromoteToOwner(account)),
                };
            }

            await using var query = fixture.Store.QuerySession();
            var events = await query.Events.FetchStreamAsync(account);
            var version = 1 + (sample.pick % events.Count);
            var expected = JsonSerializer.Serialize(Account.Fold(events.Take(version).Select(e => e.Data)), Installation.Json);
            var byVersion = (await AsOf.AccountAsync(query, account, null, version, CancellationToken.None)).ShouldNotBeNull();
            var byMoment = (await AsOf.AccountAsync(query, account, events[version - 1].Timestamp, null, CancellationToken.None)).ShouldNotBeNull();
            JsonSerializer.Serialize(byVersion.State, Installation.Json).ShouldBe(expected);
            JsonSerializer.Serialize(byMoment.State, Installation.Json).ShouldBe(expected);
            return;

            Task<CommandOutcome> Run(ITenancyCommand command) => fixture.RunAsync(command, owner);
        }, iter: 25, threads: 1);
    }
}
