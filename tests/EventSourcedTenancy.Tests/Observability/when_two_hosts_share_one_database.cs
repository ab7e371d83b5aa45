using Alba;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Observability;
using EventSourcedTenancy.Tests.Infrastructure;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EventSourcedTenancy.Tests.Observability;

/// <summary>
/// Runs alone (no other collection runs beside it): it starts hosts of its own against a database of its own, so
/// it neither competes with the shared fixture's daemon for leadership nor changes the connection string under it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DaemonLeadershipCollection
{
    public const string Name = "daemon-leadership";
}

/// <summary>
/// Two hosts of the service against one database, both with the daemon in HotCold mode. Marten takes one advisory
/// lock per shard (projection or subscription): each shard runs on exactly one host at any time, never on both;
/// when the host running the projections stops, the other takes them over and they keep catching up.
/// </summary>
[Collection(DaemonLeadershipCollection.Name)]
public sealed class when_two_hosts_share_one_database(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);
    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly string[] Projections = [$"{TenantObservabilityProjection.Name}:All", $"{AuditTrailProjection.Name}:All"];

    private readonly string connectionString = TestDatabase.Own("daemon");
    private readonly List<IAlbaHost> hosts = [];

    public async Task InitializeAsync()
    {
        await TestDatabase.RecreateAsync(connectionString);
        var previous = Environment.GetEnvironmentVariable(TestDatabase.Variable);
        // Program reads the connection string from the environment while the host is built.
        Environment.SetEnvironmentVariable(TestDatabase.Variable, connectionString);
        try
        {
            hosts.Add(await AlbaHost.For<Program>(_ => { }));
            hosts.Add(await AlbaHost.For<Program>(_ => { }));
        }
        finally
        {
            Environment.SetEnvironmentVariable(TestDatabase.Variable, previous);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task each_projection_runs_on_one_host_and_the_other_takes_over_when_it_stops()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await AppendUsersAsync(hosts[0], 20);
        await PollAsync(hosts, async () => Projections.All(p => hosts.Any(h => Running(h).Contains(p))) && await ActiveUsersAsync(hosts[0], 20));
        var before = hosts.Select(Running).ToList();
        output.WriteLine($"caught up after {clock.ElapsedMilliseconds} ms; shards per host: {string.Join(" | ", before.Select(s => string.Join(", ", s.Order())))}");

        // Stop the host that runs the observability projection; the other must take over every shard it ran.
        var leader = hosts.Single(h => Running(h).Contains(Projections[0]));
        var survivor = hosts.Single(h => h != leader);
        var shards = before.SelectMany(s => s).ToHashSet();
        hosts.Remove(leader);
        await leader.DisposeAsync();
        clock.Restart();
        await AppendUsersAsync(survivor, 15);

        await PollAsync(hosts, async () => Running(survivor).IsSupersetOf(shards) && await ActiveUsersAsync(survivor, 35));
        output.WriteLine($"the other host runs {string.Join(", ", Running(survivor).Order())} and caught up {clock.ElapsedMilliseconds} ms after the first stopped");
        var store = survivor.Services.GetRequiredService<IDocumentStore>();
        var statistics = await store.Advanced.FetchEventStoreStatistics();
        var progress = await store.Advanced.ProjectionProgressFor(new ShardName(TenantObservabilityProjection.Name));
        progress.ShouldBeGreaterThanOrEqualTo(statistics.EventCount);
    }

    /// <summary>
    /// Polls until <paramref name="done"/> holds, checking at every poll that no shard runs on two hosts at once.
    /// </summary>
    private static async Task PollAsync(IReadOnlyList<IAlbaHost> running, Func<Task<bool>> done)
    {
        var until = DateTimeOffset.UtcNow + Deadline;
        while (true)
        {
            var shards = running.Select(Running).ToList();
            var twice = shards.SelectMany(s => s).GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (twice.Count > 0)
            {
                throw new ShouldAssertException($"Shards running on two hosts at once: {string.Join(", ", twice)}; advisory locks: {await AdvisoryLocksAsync(running[0])}");
            }

            if (await done())
            {
                return;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException(
                    $"Not caught up after {Deadline.TotalSeconds} s; shards per host: {string.Join(" | ", shards.Select(s => string.Join(", ", s)))}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The shards the host's daemon is running now.</summary>
    private static HashSet<string> Running(IAlbaHost host) =>
    [
        .. host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().CurrentAgents()
            .Where(a => a.Status == AgentStatus.Running)
            .Select(a => a.Name.Identity),
    ];

    /// <summary>The advisory locks held in the hosts' database, as PostgreSQL reports them.</summary>
    private static async Task<string> AdvisoryLocksAsync(IAlbaHost host)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var locks = await session.AdvancedSql.QueryAsync<string>(
            "select concat_ws(' ', 'pid', l.pid, 'objid', l.objid, 'granted', l.granted, a.state) from pg_locks l join pg_stat_activity a on a.pid = l.pid " +
            "where l.locktype = 'advisory' and l.database = (select oid from pg_database where datname = current_database())",
            CancellationToken.None);
        return string.Join("; ", locks);
    }

    private static async Task<bool> ActiveUsersAsync(IAlbaHost host, int expected)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var document = await session.LoadAsync<TenantObservability>(Tenant);
        return document?.ActiveUsers == expected;
    }

    /// <summary>Appends the creation of <paramref name="count"/> user accounts of one tenant, straight to the event store.</summary>
    private static async Task AppendUsersAsync(IAlbaHost host, int count)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            session.Events.StartStream(id, new UserCreated(id, Tenant, $"user{id:N}@daemon.test", "Dana", "Daemon"));
        }

        await session.SaveChangesAsync();
    }
}
