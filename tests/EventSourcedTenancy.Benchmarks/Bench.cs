using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Alba;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Users;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>
/// Measures the service against plain-Npgsql baselines in the same run and prints a markdown table.
/// </summary>
public static class Bench
{
    public static async Task<int> Main(string[] args)
    {
        // Usage: dotnet run -c Release --project tests/EventSourcedTenancy.Benchmarks -- [--quick] [--commands-only | --bus-only | --lag-only] [--lag-seconds N] [--out <file>] [--history 100,10000,100000]
        // with ConnectionStrings__Postgres pointing at an empty database (the Bench build target prepares one).
        var quick = args.Contains("--quick");
        // Only the command scenarios (1 and 2): a short run while working on the command path.
        var commandsOnly = args.Contains("--commands-only");
        // Only scenario 1 and the bus scenarios (3, 7, 3r, 7r): a short run while working on the transports.
        var busOnly = args.Contains("--bus-only");
        // Only scenario 1 and the projection lag under load (8): a short run while working on the projections.
        var lagOnly = args.Contains("--lag-only");
        // How long scenario 8 loads the service: the issue's five minutes in a full run.
        var lagLoad = TimeSpan.FromSeconds(int.Parse(args.SkipWhile(a => a != "--lag-seconds").Skip(1).FirstOrDefault() ?? (quick ? "30" : "300"), CultureInfo.InvariantCulture));
        var outFile = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("artifacts", "bench", "results.md");
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres, or run `dotnet cake --target=Bench`, which prepares a database.");
        var repetitions = quick ? 5 : 7;
        var operations = quick ? 150 : 1_000;
        var baselineOperations = operations * 10;
        var importPerRepetition = quick ? 1_000 : 20_000;
        int[] concurrencies = quick ? [1, 8] : [1, 8, 32];
        var results = new List<Result>();
        var notes = new List<string>();
        var started = Stopwatch.StartNew();

        await using var dataSource = NpgsqlDataSource.Create(connection);
        var tuning = await DescribeServerAsync(dataSource);
        Console.Error.WriteLine($"PostgreSQL: {tuning}");

        // ---- Baselines: plain Npgsql against the same server, same run ----
        await Baselines.CreateTableAsync(dataSource);
        var singleRowBaseline = new Dictionary<int, double>();
        foreach (var c in concurrencies)
        {
            var samples = await Run.RepeatAsync($"baseline insert c={c}", repetitions, () => Baselines.SingleRowInsertsAsync(dataSource, baselineOperations, c));
            var result = new Result($"Baseline: single-row INSERT + COMMIT, concurrency {c}", "rows/s", [.. samples.Select(s => s.PerSecond)], "-", null);
            singleRowBaseline[c] = result.Median;
            results.Add(result);
        }

        var multiRow = await Run.RepeatAsync("baseline multi-row insert", repetitions, () => Baselines.MultiRowInsertAsync(dataSource, importPerRepetition));
        var multiRowResult = new Result($"Baseline: multi-row INSERT of {importPerRepetition:N0} rows", "rows/s", [.. multiRow.Select(s => s.PerSecond)], "-", null);
        results.Add(multiRowResult);

        // ---- In process: the command pipeline without transport ----
        Guid owner, tenant;
        List<Guid> users;
        string token;
        // The service's files are copied next to this program: its content root, for the in-process host too.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_EVENTSOURCEDTENANCY", AppContext.BaseDirectory);
        await using (var host = await AlbaHost.For<global::Program>(b => b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Marten", LogLevel.Critical))))
        {
            var bus = Wolverine.HostBuilderExtensions.MessageBus(host);
            // One account per worker: the figures measure the pipeline, not contention on one stream.
            (tenant, owner, users) = await Seed.InstallationAsync(bus, userCount: 64);
            token = host.Services.GetRequiredService<TokenIssuer>().Mint(owner, lifetime: TimeSpan.FromHours(2));
            var metadata = new CommandMetadata(owner, null, "bench", CommandSource.CommandLine, null, null, null, null, null);
            var delivery = metadata.ToDelivery();

            var inProcess = new Dictionary<int, double>();
            foreach (var c in concurrencies)
            {
                var samples = await Run.RepeatAsync($"in-process c={c}", repetitions, () => Run.ConcurrentlyAsync(operations, c, async (worker, i) =>
                {
                    var command = new ResetPassword(users[worker % users.Count]);
                    var outcome = await bus.InvokeAsync<CommandOutcome>(command, delivery);
                    Seed.EnsureAccepted(outcome);
                }));
                var result = new Result($"1. Command in process (ResetPassword), concurrency {c}", "commands/s", [.. samples.Select(s => s.PerSecond)],
                    $"single-row INSERT c={c}", singleRowBaseline[c]);
                inProcess[c] = result.Median;
                results.Add(result);
            }

            if (!commandsOnly && !busOnly && !lagOnly)
            {
                // Bulk import: ImportUsers commands of at most ImportUsers.MaxUsers accounts each, one after another.
                var imported = 0;
                async Task<int> ImportAsync(int accounts, Action<int>? progress = null)
                {
                    for (var done = 0; done < accounts;)
                    {
                        var rows = Math.Min(ImportUsers.MaxUsers, accounts - done);
                        var first = Interlocked.Add(ref imported, rows) - rows;
                        var command = new ImportUsers(tenant, [.. Enumerable.Range(first, rows).Select(n => new ImportedUser($"imported.{n}@bench.test", "Imported", $"User{n}"))]);
                        Seed.EnsureAccepted(await bus.InvokeAsync<CommandOutcome>(command, metadata.ToDelivery(), timeout: TimeSpan.FromMinutes(5)));
                        done += rows;
                        progress?.Invoke(done);
                    }

                    return accounts;
                }

                var import = await Run.RepeatAsync("import", repetitions, async () =>
                {
                    var watch = Stopwatch.StartNew();
                    return new Sample(await ImportAsync(importPerRepetition), watch.Elapsed, []);
                });
                var perCommand = Math.Min(ImportUsers.MaxUsers, importPerRepetition);
                results.Add(new Result(
                    $"4. Import of user accounts ({importPerRepetition:N0} per repetition, ImportUsers commands of {perCommand:N0})", "accounts/s",
                    [.. import.Select(s => s.PerSecond)], "multi-row INSERT", multiRowResult.Median,
                    "each account a new stream: its event, stream row, account and user documents, in one transaction per command"));
                if (!quick)
                {
                    const int large = 100_000;
                    var watch = Stopwatch.StartNew();
                    await ImportAsync(large, done => Console.WriteLine($"  import: {done:N0} of {large:N0} accounts ({done / watch.Elapsed.TotalSeconds:N0}/s)"));
                    results.Add(new Result($"4. Import of {large:N0} user accounts in one run (commands of {ImportUsers.MaxUsers:N0})", "accounts/s",
                        [large / watch.Elapsed.TotalSeconds], "multi-row INSERT", multiRowResult.Median, $"{watch.Elapsed.TotalSeconds:N1} s, progress printed per command"));
                }

                var store = host.Services.GetRequiredService<IDocumentStore>();
                var scan = await Run.RepeatAsync("baseline scan", repetitions, () => Baselines.SequentialScanAsync(dataSource));
                var scanResult = new Result($"Baseline: sequential scan of the events table ({scan[0].Operations:N0} rows)", "rows/s", [.. scan.Select(s => s.PerSecond)], "-", null);
                results.Add(scanResult);
                var accountEvents = await Baselines.CountAccountEventsAsync(dataSource);
                var rebuild = await Run.RepeatAsync("rebuild", repetitions, async () =>
                {
                    using var daemon = await store.BuildProjectionDaemonAsync();
                    var watch = Stopwatch.StartNew();
                    await daemon.RebuildProjectionAsync<UserViewProjection>(TimeSpan.FromMinutes(10), CancellationToken.None);
                    return new Sample((int)accountEvents, watch.Elapsed, []);
                });
                results.Add(new Result($"5. Projection rebuild (users, {accountEvents:N0} account events)", "events/s", [.. rebuild.Select(s => s.PerSecond)],
                    "sequential scan", scanResult.Median));

                // ---- Compliance: cost of an as-of query as one account's history grows ----
                var historyArgument = args.SkipWhile(a => a != "--history").Skip(1).FirstOrDefault();
                int[] historySizes = historyArgument is not null
                    ? [.. historyArgument.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))]
                    : quick ? [100, 1_000, 10_000] : [100, 10_000, 100_000, 1_000_000];
                double? smallest = null;
                var smallestAudit = new Dictionary<string, double>();
                foreach (var size in historySizes)
                {
                    // Timed from the first append: the daemon starts projecting while the rest is appended.
                    var catchUp = Stopwatch.StartNew();
                    var history = await History.AppendAsync(store, tenant, owner, size);
                    var (account, middle) = (history.Account, history.Middle);
                    await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(30));
                    results.Add(new Result($"6. Async projections catching up with {size:N0} events appended straight to the store", "events/s",
                        [size / catchUp.Elapsed.TotalSeconds], "sequential scan", scanResult.Median,
                        string.Create(CultureInfo.InvariantCulture, $"{catchUp.Elapsed.TotalSeconds:0.0} s from the first append until every projection and subscription was at the newest event (audit trail, observability, snapshots, integration events, erasure)")));
                    var asOf = await Run.RepeatAsync($"as-of {size}", repetitions, async () =>
                    {
                        await using var session = store.QuerySession();
                        var watch = Stopwatch.StartNew();
                        var state = await EventSourcedTenancy.Compliance.AsOf.AccountAsync(session, account, middle, null, CancellationToken.None);
                        watch.Stop();
                        _ = state ?? throw new InvalidOperationException("The account had no state at the middle of its history.");
                        return new Sample(1, watch.Elapsed, [watch.Elapsed.TotalMilliseconds]);
                    });
                    var latency = new Result($"6. As-of query of one account in the middle of {size:N0} events", "ms",
                        [.. asOf.Select(x => x.Elapsed.TotalMilliseconds)], "the 100-event case", smallest,
                        "events appended straight to the stream");
                    smallest ??= latency.Median;
                    results.Add(latency);

                    long trail;
                    long fromMiddle;
                    await using (var count = store.QuerySession())
                    {
                        trail = await count.Query<EventSourcedTenancy.Audit.AuditEntry>().CountAsync(e => e.TenantId == tenant);
                        // Pages that continue from the middle of the history (keyset: after this sequence).
                        fromMiddle = (await count.Query<EventSourcedTenancy.Audit.AuditEntry>().Where(e => e.Target == account && e.Timestamp < middle)
                            .OrderByDescending(e => e.Sequence).Take(1).Select(e => e.Sequence).ToListAsync()).Single();
                    }

                    // Every documented filter, each a page of 100 in the tenant's trail.
                    (string Name, EventSourcedTenancy.Audit.AuditFilter Filter, long After)[] filters =
                    [
                        ("the tenant's trail, from the middle", new(tenant), fromMiddle),
                        ("actor, from the middle", new(tenant, Actor: owner), fromMiddle),
                        ("acted-as (impersonation)", new(tenant, ActingAs: history.ActingAs), 0),
                        ("target, from the middle", new(tenant, Target: account), fromMiddle),
                        ("operation naming a command, from the middle", new(tenant, Operation: nameof(ResetPassword)), fromMiddle),
                        ("operation naming an event type, from the middle", new(tenant, Operation: nameof(PasswordResetRequested)), fromMiddle),
                        ("target from a moment (from)", new(tenant, Target: account, From: middle), 0),
                        ("the tenant's trail between two moments (from, to)", new(tenant, From: middle, To: DateTimeOffset.UtcNow), 0),
                    ];
                    foreach (var (name, filter, after) in filters)
                    {
                        var audit = await Run.RepeatAsync($"audit {name} {size}", repetitions, async () =>
                        {
                            await using var session = store.QuerySession();
                            var watch = Stopwatch.StartNew();
                            var page = await filter.PageAsync(session, after, 100, CancellationToken.None);
                            watch.Stop();
                            return page.Count > 0 ? new Sample(1, watch.Elapsed, [watch.Elapsed.TotalMilliseconds]) : throw new InvalidOperationException($"The audit page ({name}) came back empty.");
                        });
                        var auditLatency = new Result($"6. Audit page of 100: {name}; tenant trail of {trail:N0} entries", "ms",
                            [.. audit.Select(x => x.Elapsed.TotalMilliseconds)], $"the {historySizes[0]:N0}-event case", smallestAudit.GetValueOrDefault(name), "");
                        smallestAudit.TryAdd(name, auditLatency.Median);
                        results.Add(auditLatency);
                    }
                }
            }

            using (var self = Process.GetCurrentProcess())
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Peak working set of the benchmark process, which hosts the service in process for scenarios 1, 4, 5 and 6: {self.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB."));
            }

            // ---- The service as its own process: HTTP with authentication, and the bus ----
            await host.StopAsync();
            using var service = ServiceProcess.Start(connection);
            await service.WaitUntilReadyAsync();
            using var http = new HttpClient { BaseAddress = service.Address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            foreach (var c in busOnly || lagOnly ? Array.Empty<int>() : concurrencies)
            {
                var samples = await Run.RepeatAsync($"http c={c}", repetitions, () => Run.ConcurrentlyAsync(operations, c, async (worker, i) =>
                {
                    using var response = await http.PostAsync(new Uri($"/accounts/{users[worker % users.Count]}/password-reset", UriKind.Relative), null);
                    response.EnsureSuccessStatusCode();
                }));
                results.Add(new Result($"2. Command over HTTP with a bearer token, concurrency {c}", "commands/s", [.. samples.Select(s => s.PerSecond)],
                    $"scenario 1 c={c}", inProcess[c]));
            }

            if (!commandsOnly && !lagOnly)
            {
                using var client = await BusClient.StartAsync(connection);
                await BusRowsAsync(client, "3. Command over the PostgreSQL queue, request/reply");
            }

            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Peak working set of the service process during scenarios 2 and 3: {service.PeakWorkingSetMegabytes():0} MB."));

            // ---- What the service costs the database when nobody sends anything ----
            var idle = await Baselines.IdleLoadAsync(dataSource, TimeSpan.FromSeconds(quick ? 5 : 10));
            results.Add(new Result("7. Idle service: statements a second against PostgreSQL (queue polling, daemon, node health)", "statements/s", [idle.StatementsPerSecond],
                "-", null, string.Create(CultureInfo.InvariantCulture, $"{idle.TransactionsPerSecond:0} transactions/s; {idle.Source}")));
            service.Dispose();

            // ---- Projection lag while the command path runs flat out, after it stops, after a SIGKILL under load ----
            if (!commandsOnly && !busOnly)
            {
                results.AddRange(await LagUnderLoad.MeasureAsync(connection, token, users, lagLoad));
            }

            // ---- The same service with RabbitMQ as its bus ----
            var broker = Environment.GetEnvironmentVariable("ConnectionStrings__RabbitMQ");
            if (commandsOnly || lagOnly)
            {
                // Not in the short runs.
            }
            else if (string.IsNullOrWhiteSpace(broker))
            {
                notes.Add("Scenarios 3r and 7r (RabbitMQ) left out: ConnectionStrings__RabbitMQ is not set (the Bench build target starts a local node).");
            }
            else
            {
                using var rabbitService = ServiceProcess.Start(connection, new Dictionary<string, string> { ["Bus__Transport"] = "RabbitMQ", ["ConnectionStrings__RabbitMQ"] = broker });
                await rabbitService.WaitUntilReadyAsync();
                using (var client = await BusClient.StartRabbitMqAsync(broker))
                {
                    await BusRowsAsync(client, "3r. Command over RabbitMQ, request/reply");
                }

                var idleRabbit = await Baselines.IdleLoadAsync(dataSource, TimeSpan.FromSeconds(quick ? 5 : 10));
                results.Add(new Result("7r. Idle service with RabbitMQ: statements a second against PostgreSQL (daemon, node health)", "statements/s", [idleRabbit.StatementsPerSecond],
                    "-", null, string.Create(CultureInfo.InvariantCulture, $"{idleRabbit.TransactionsPerSecond:0} transactions/s; {idleRabbit.Source}")));
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Peak working set of the service process with RabbitMQ (scenario 3r): {rabbitService.PeakWorkingSetMegabytes():0} MB."));
                rabbitService.Dispose();
                results.AddRange(await LagUnderLoad.MeasureAsync(connection, token, users, lagLoad, "8r",
                    new Dictionary<string, string> { ["Bus__Transport"] = "RabbitMQ", ["ConnectionStrings__RabbitMQ"] = broker }));
            }

            async Task BusRowsAsync(BusClient client, string scenario)
            {
                // The transport alone: the diagnostic ping, answered by a handler that reads and writes nothing.
                var pings = await Run.RepeatAsync($"{scenario} ping", repetitions, () => Run.ConcurrentlyAsync(Math.Min(operations, 200), 1, async (_, _) =>
                    _ = await client.PingAsync()));
                var pingLatencies = pings.SelectMany(s => s.LatenciesMs).ToList();
                results.Add(new Result($"{scenario}: the transport alone (PingBus), concurrency 1", "round trips/s", [.. pings.Select(s => s.PerSecond)],
                    "scenario 1 c=1", inProcess[1],
                    string.Create(CultureInfo.InvariantCulture, $"latency p50 {Result.Percentile(pingLatencies, 0.5):0.0} ms, p99 {Result.Percentile(pingLatencies, 0.99):0.0} ms")));
                foreach (var c in concurrencies)
                {
                    var busOperations = c == 1 ? Math.Min(operations, 200) : operations;
                    var samples = await Run.RepeatAsync($"{scenario} c={c}", repetitions, () => Run.ConcurrentlyAsync(busOperations, c, async (worker, i) =>
                        Seed.EnsureAccepted(await client.SendAsync(new ResetPassword(users[worker % users.Count]), token))));
                    var latencies = samples.SelectMany(s => s.LatenciesMs).ToList();
                    results.Add(new Result($"{scenario}, concurrency {c}", "commands/s", [.. samples.Select(s => s.PerSecond)],
                        $"scenario 1 c={c}", inProcess[c],
                        string.Create(CultureInfo.InvariantCulture, $"latency p50 {Result.Percentile(latencies, 0.5):0.0} ms, p99 {Result.Percentile(latencies, 0.99):0.0} ms")));
                }
            }
        }

        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Benchmarks ({(quick ? "quick" : "full")} run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. PostgreSQL: {tuning}.")
            .AppendLine(CultureInfo.InvariantCulture, $"Each figure: {repetitions} repetitions after a warm-up of at least {Run.WarmUp.TotalSeconds:0} s (at least one repetition); {operations:N0} operations per repetition ({baselineOperations:N0} for the INSERT baselines, at most 200 for the bus at concurrency 1, where each round trip waits for two queue polls). Ratio = median / baseline median, measured in the same run; for latencies (ms) a ratio above 1 is slower.")
            .AppendLine()
            .AppendLine("| scenario | median | min | max | unit | baseline | ratio | note |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var result in results)
        {
            table.AppendLine(result.Row());
        }

        var worst = results.Where(r => r.Ratio is not null && r.Unit.EndsWith("/s", StringComparison.Ordinal)).MinBy(r => r.Ratio!.Value);
        table.AppendLine();
        foreach (var note in notes)
        {
            table.AppendLine(note);
        }

        if (worst is not null)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"Lowest ratio: {worst.Ratio:0.00} ({worst.Scenario} against {worst.Baseline}).");
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"Total time: {started.Elapsed.TotalMinutes:0.0} min.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        await File.WriteAllTextAsync(outFile, table.ToString());
        Console.WriteLine(table.ToString());
        Console.Error.WriteLine($"Written to {Path.GetFullPath(outFile)}");
        return 0;
    }

    private static async Task<string> DescribeServerAsync(NpgsqlDataSource dataSource)
    {
        var parts = new List<string>();
        foreach (var setting in new[] { "server_version", "shared_buffers", "fsync", "synchronous_commit", "full_page_writes", "max_connections" })
        {
            await using var command = dataSource.CreateCommand($"show {setting}");
            parts.Add($"{setting}={await command.ExecuteScalarAsync()}");
        }

        return string.Join(", ", parts);
    }
}
