using System.Text.Json;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventSourcedTenancy.Tests.Audit;

/// <summary>
/// Tamper evidence: verification recomputes the chain and compares every entry with its stored event, and
/// names the first sequence where either was changed. A rebuild gives the same chain.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_the_audit_trail_is_verified(ServiceFixture fixture)
{
    [Fact]
    public async Task an_untouched_chain_verifies()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var entries = await fixture.AllEntriesAsync();

        var result = await fixture.GetJsonAsync<AuditVerification>(world, world.Superuser, "/audit/verify");

        result.Verified.ShouldBeTrue(result.Reason);
        result.Entries.ShouldBe(entries.Count);
        result.Head.ShouldBe(entries[^1].Hash);
        result.FirstBrokenSequence.ShouldBeNull();
        await using var session = fixture.Store.QuerySession();
        var head = (await session.LoadAsync<AuditChainHead>(AuditChainHead.SingletonId)).ShouldNotBeNull();
        head.LastSequence.ShouldBe(entries[^1].Sequence);
        head.LastHash.ShouldBe(entries[^1].Hash);
        head.LatestTime.ShouldBe(entries.Max(e => e.Timestamp));
        var latest = DateTimeOffset.MinValue;
        var lateness = TimeSpan.Zero;
        foreach (var entry in entries)
        {
            lateness = latest - entry.Timestamp > lateness ? latest - entry.Timestamp : lateness;
            latest = entry.Timestamp > latest ? entry.Timestamp : latest;
        }

        head.LatenessMicroseconds.ShouldBe(lateness.Ticks / TimeSpan.TicksPerMicrosecond);
    }

    [Fact]
    public void the_chain_head_keeps_the_latest_time_and_the_most_an_entry_fell_behind_it()
    {
        var start = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);
        AuditEntry At(long sequence, int milliseconds) => new() { Sequence = sequence, Hash = $"h{sequence}", Timestamp = start.AddMilliseconds(milliseconds) };

        var head = AuditChainHead.Empty.After(At(1, 10)).After(At(2, 7)).After(At(3, 12)).After(At(4, 11));

        head.LastSequence.ShouldBe(4);
        head.LastHash.ShouldBe("h4");
        head.LatestTime.ShouldBe(start.AddMilliseconds(12));
        head.LatenessMicroseconds.ShouldBe(3_000);

        // A trail projected before lateness was kept stays unmeasured (the query then assumes an hour) until rebuilt.
        var unmeasured = new AuditChainHead { LastSequence = 9, LatestTime = start }.After(At(10, 20));
        unmeasured.LatenessMicroseconds.ShouldBeNull();
        unmeasured.LatestTime.ShouldBe(start.AddMilliseconds(20));
    }

    [Fact]
    public async Task an_altered_entry_is_found_at_its_sequence()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var entries = await fixture.AllEntriesAsync();
        var victim = entries.First(e => e.EventType == "AccountSetInactive");

        await AlterJsonAsync("mt_doc_auditentry", "id", victim.Sequence, "Summary", "Nothing happened here");

        var result = await AuditVerifier.VerifyAsync(fixture.Store, CancellationToken.None);
        result.Verified.ShouldBeFalse();
        result.FirstBrokenSequence.ShouldBe(victim.Sequence);
        result.Reason.ShouldNotBeNull().ShouldContain("altered");
        result.Entries.ShouldBe(entries.Count(e => e.Sequence < victim.Sequence));
    }

    [Fact]
    public async Task an_altered_event_is_found_at_its_sequence()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var victim = (await fixture.AllEntriesAsync()).First(e => e.EventType == "AccountSetInactive" && e.Target == world.InactiveAdmin);

        // Someone rewrites history: the deactivation now names another account.
        await AlterJsonAsync("mt_events", "seq_id", victim.Sequence, "AccountId", world.Administrator.ToString());

        var result = await fixture.GetJsonAsync<AuditVerification>(world, world.Superuser, "/audit/verify");
        result.Verified.ShouldBeFalse();
        result.FirstBrokenSequence.ShouldBe(victim.Sequence);
        result.Reason.ShouldNotBeNull().ShouldContain("does not match its event");
        result.Reason.ShouldContain("dataDigest");
    }

    [Fact]
    public async Task a_removed_entry_is_found_at_its_sequence()
    {
        await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var victim = (await fixture.AllEntriesAsync())[5];

        await ExecuteAsync($"delete from {Schema}.mt_doc_auditentry where id = @sequence", victim.Sequence);

        var result = await AuditVerifier.VerifyAsync(fixture.Store, CancellationToken.None);
        result.Verified.ShouldBeFalse();
        result.FirstBrokenSequence.ShouldBe(victim.Sequence);
        result.Reason.ShouldNotBeNull().ShouldContain("has no audit entry");
    }

    [Fact]
    public async Task rebuilding_the_projection_gives_the_same_entries_and_hashes()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var before = await fixture.AllEntriesAsync();
        // Damage the trail so that only a real rebuild from the events can give the same entries back.
        await AlterJsonAsync("mt_doc_auditentry", "id", before[3].Sequence, "Summary", "Nothing happened here");
        await ExecuteAsync($"delete from {Schema}.mt_doc_auditentry where id = @sequence", before[7].Sequence);
        (await AuditVerifier.VerifyAsync(fixture.Store, CancellationToken.None)).Verified.ShouldBeFalse();

        var daemon = fixture.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync(AuditTrailProjection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);

        var after = await fixture.AllEntriesAsync();
        after.ShouldBe(before);
        (await AuditVerifier.VerifyAsync(fixture.Store, CancellationToken.None)).Verified.ShouldBeTrue();

        // Once the shard runs again, it goes on from where the rebuild ended, continuing the same chain.
        await daemon.StartAgentAsync($"{AuditTrailProjection.Name}:All", CancellationToken.None);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.User}/password-reset");
        await fixture.CatchUpAsync();
        var extended = await fixture.AllEntriesAsync();
        extended.Count.ShouldBe(before.Count + 1);
        extended[^1].PreviousHash.ShouldBe(before[^1].Hash);
        var verified = await AuditVerifier.VerifyAsync(fixture.Store, CancellationToken.None);
        verified.Verified.ShouldBeTrue(verified.Reason);
        verified.Entries.ShouldBe(extended.Count);
    }

    private string Schema => fixture.Host.Services.GetRequiredService<ServiceSettings>().EventStoreSchema;

    /// <summary>Sets one top-level property of a row's JSON column straight in PostgreSQL, whatever its casing there.</summary>
    private async Task AlterJsonAsync(string table, string key, long id, string property, string value)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand($"select data::text from {Schema}.{table} where {key} = @id", connection);
        read.Parameters.AddWithValue("id", id);
        var json = (string)(await read.ExecuteScalarAsync()).ShouldNotBeNull();
        using var document = JsonDocument.Parse(json);
        var name = document.RootElement.EnumerateObject().Select(p => p.Name)
            .Single(n => string.Equals(n, property, StringComparison.OrdinalIgnoreCase));
        await using var update = new NpgsqlCommand(
            $"update {Schema}.{table} set data = jsonb_set(data, array[@name], to_jsonb(@value::text)) where {key} = @id", connection);
        update.Parameters.AddWithValue("name", name);
        update.Parameters.AddWithValue("value", value);
        update.Parameters.AddWithValue("id", id);
        (await update.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    private async Task ExecuteAsync(string sql, long sequence)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("sequence", sequence);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }
}
