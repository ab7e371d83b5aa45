using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>What the database itself does on this machine, with plain Npgsql: the yardsticks for the ratios.</summary>
public static class Baselines
{
    /// <summary>About the size of a stored event: data plus the audit headers.</summary>
    private const string EventJson =
        """{"accountId":"0196a1c2-7c1e-7a10-9d2f-3c4b5a697802","headers":{"actor":"0196a1c2-7c1e-7a10-9d2f-3c4b5a697801","role":"Owner","authority":"Home","tenant":"0196a1c2-7c1e-7a10-9d2f-3c4b5a697803","source":"Http","command":"ResetPassword"},"correlation":"00-5b1f2c3d4e5f60718293a4b5c6d7e8f9-0123456789abcdef-00"}""";

    public static async Task CreateTableAsync(NpgsqlDataSource dataSource)
    {
        await using var create = dataSource.CreateCommand(
            "drop table if exists bench_baseline; create table bench_baseline (id bigserial primary key, stream_id uuid not null, data jsonb not null, created timestamptz not null default now())");
        await create.ExecuteNonQueryAsync();
    }

    public static Task<Sample> SingleRowInsertsAsync(NpgsqlDataSource dataSource, int operations, int concurrency) =>
        Run.ConcurrentlyAsync(operations, concurrency, async (_, _) =>
        {
            await using var insert = dataSource.CreateCommand("insert into bench_baseline (stream_id, data) values ($1, $2::jsonb)");
            insert.Parameters.AddWithValue(Guid.NewGuid());
            insert.Parameters.AddWithValue(EventJson);
            await insert.ExecuteNonQueryAsync();
        });

    public static async Task<Sample> MultiRowInsertAsync(NpgsqlDataSource dataSource, int rows)
    {
        var ids = Enumerable.Range(0, rows).Select(_ => Guid.NewGuid()).ToArray();
        var data = Enumerable.Repeat(EventJson, rows).ToArray();
        var watch = Stopwatch.StartNew();
        await using var insert = dataSource.CreateCommand("insert into bench_baseline (stream_id, data) select * from unnest($1, $2::jsonb[])");
        insert.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await insert.ExecuteNonQueryAsync();
        return new Sample(rows, watch.Elapsed, []);
    }

    /// <summary>Reads every event's data, in order: the least any projection rebuild must do.</summary>
    public static async Task<Sample> SequentialScanAsync(NpgsqlDataSource dataSource)
    {
        var watch = Stopwatch.StartNew();
        await using var scan = dataSource.CreateCommand("select seq_id, data::text from tenancy.mt_events order by seq_id");
        await using var reader = await scan.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(1);
            rows++;
        }

        return new Sample(rows, watch.Elapsed, []);
    }

    /// <summary>What the database runs for this database over <paramref name="span"/> while the service is idle.</summary>
    public static async Task<(double StatementsPerSecond, double TransactionsPerSecond, string Source)> IdleLoadAsync(NpgsqlDataSource dataSource, TimeSpan span)
    {
        await using var connection = await dataSource.OpenConnectionAsync();

        // Idle means the daemon has caught up with every event too (the HighWater rows are the daemon's own bookkeeping,
        // such as a gap a killed process left, not projections).
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            await using var behind = new NpgsqlCommand(
                "select count(*) from tenancy.mt_event_progression where name not like 'HighWater%' and last_seq_id < (select coalesce(max(seq_id), 0) from tenancy.mt_events)", connection);
            if ((long)(await behind.ExecuteScalarAsync())! == 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        // Statistics brought up to date first: an autovacuum ANALYZE of the tables the scenarios before filled would
        // evaluate Marten's index expressions once per sampled row (mt_immutable_timestamptz, counted as statements
        // of this database), which is PostgreSQL's work, not the service's.
        await TryAsync(connection, "analyze");
        // A backend reports its transactions to pg_stat_database up to 10 s late: the scenarios' own must be in
        // before the window opens.
        await Task.Delay(TimeSpan.FromSeconds(11));
        var counted = await TryAsync(connection, "create extension if not exists pg_stat_statements") && await TryAsync(connection, "select pg_stat_statements_reset()");
        var transactionsBefore = await TransactionsAsync(connection);
        await Task.Delay(span);
        var transactions = (await TransactionsAsync(connection) - transactionsBefore) / span.TotalSeconds;
        if (!counted)
        {
            return (double.NaN, transactions, "pg_stat_statements is not loaded (shared_preload_libraries), so only transactions are counted");
        }

        // Everything but this measurement's own statements.
        await using var statements = new NpgsqlCommand(
            "select coalesce(sum(calls), 0) from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) and query not like '%pg_stat%' and query not like '%pg_stat_database%'",
            connection);
        var calls = Convert.ToDouble(await statements.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        // The busiest statements, so a figure out of line says where it comes from.
        await using var top = new NpgsqlCommand(
            "select calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) " +
            "and query not like '%pg_stat%' and query not in ('BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED', 'COMMIT', 'ROLLBACK') order by calls desc limit 3",
            connection);
        var busiest = new List<string>();
        await using (var reader = await top.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                busiest.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reader.GetInt64(0) / span.TotalSeconds:0}/s `{reader.GetString(1).Replace('|', '/')}`"));
            }
        }

        return (calls / span.TotalSeconds, transactions, $"counted with pg_stat_statements; busiest: {string.Join("; ", busiest)}");
    }

    private static async Task<bool> TryAsync(NpgsqlConnection connection, string sql)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    private static async Task<double> TransactionsAsync(NpgsqlConnection connection)
    {
        // The statistics snapshot of a transaction is cleared so each read sees the current counters.
        await using (var clear = new NpgsqlCommand("select pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var read = new NpgsqlCommand("select xact_commit + xact_rollback from pg_stat_database where datname = current_database()", connection);
        return Convert.ToDouble(await read.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<long> CountAccountEventsAsync(NpgsqlDataSource dataSource)
    {
        await using var count = dataSource.CreateCommand("select count(*) from tenancy.mt_events e join tenancy.mt_streams s on s.id = e.stream_id where s.type like '%account%'");
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
