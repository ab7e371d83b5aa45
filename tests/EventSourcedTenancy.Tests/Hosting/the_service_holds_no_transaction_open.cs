using System.Diagnostics;
using EventSourcedTenancy.Tests.Infrastructure;
using Npgsql;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>
/// A transaction left open pins the oldest row version PostgreSQL must keep for the whole database: no dead row
/// can be pruned or vacuumed while it lasts, so every row the service updates again and again (an account, its
/// stream, the users list) grows a chain of old versions that each later read walks, and the command path slows
/// down the longer the service runs. The async daemon's leadership locks are session locks for that reason.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class the_service_holds_no_transaction_open(ServiceFixture fixture)
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task no_connection_of_the_running_service_keeps_a_transaction_open_for_long()
    {
        // The daemon is running (the fixture's host started it) and has had time to take its locks.
        var world = await Installation.CreateAsync(fixture);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/users", new NewUser("held.open@transactions.test", "Held", "Open"));
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();

        var watch = Stopwatch.StartNew();
        var seen = new List<string>();
        while (watch.Elapsed < Longest * 2.2 && seen.Count == 0)
        {
            await using var open = new NpgsqlCommand(
                """
                select pid || ' ' || state || ' for ' || round(extract(epoch from now() - xact_start)) || ' s: ' || left(query, 80)
                from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and xact_start < now() - @longest
                """, connection);
            open.Parameters.AddWithValue("longest", Longest);
            await using (var reader = await open.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    seen.Add(reader.GetString(0));
                }
            }

            await Task.Delay(250);
        }

        seen.ShouldBeEmpty($"transactions open for more than {Longest.TotalSeconds} s");
    }
}
