using System.Diagnostics;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;
using Xunit.Abstractions;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>Runs alone: it kills and restarts service processes, and the recovery time it reports should not include other tests' load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "crash";
}

/// <summary>
/// The service as a real process, sent a batch of commands over the bus by another service, killed with SIGKILL
/// while it handles them, and started again, or the broker restarted under it: every command the transport accepted
/// is applied exactly once or kept as a dead letter with its reason (none lost, none applied twice), and the
/// restarted service takes over the dead process's messages. On each transport: the PostgreSQL queues and RabbitMQ.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class when_the_service_is_killed_while_handling_commands(ITestOutputHelper output)
{
    private const int Commands = 200;

    [Fact]
    public Task on_postgresql_every_command_is_applied_once_or_dead_lettered_with_its_reason_after_a_restart() =>
        KillOnPostgresqlAsync("crash_pg", new Dictionary<string, string>());

    /// <summary>Balanced nodes (several processes may share the database): the restarted process takes over the killed one's messages once its heartbeat is stale.</summary>
    [Fact]
    public Task on_postgresql_with_balanced_nodes_every_command_is_applied_once_or_dead_lettered_with_its_reason_after_a_restart() =>
        KillOnPostgresqlAsync("crash_balanced", new Dictionary<string, string> { ["Bus__DurabilityMode"] = "Balanced" });

    private Task KillOnPostgresqlAsync(string database, Dictionary<string, string> transport) =>
        KillDuringBatchAsync(database, transport, (opts, _) =>
        {
            opts.UsePostgresqlPersistenceAndTransport(TestDatabase.Own(database), "crash_client", transportSchema: "wolverine_queues");
            opts.PublishMessage<InviteAdmin>().ToPostgresqlQueue("commands");
        }, new QueueTableSubscriber(TestDatabase.Own(database), new ServiceSettings().QueueTable(new ServiceSettings().IntegrationQueue)));

    [Fact]
    public async Task on_rabbitmq_every_command_is_applied_once_or_dead_lettered_with_its_reason_after_a_restart()
    {
        var queue = $"commands-crash-{Guid.NewGuid():N}";
        var transport = RabbitMq(queue, "crash");
        await using var subscriber = await BrokerSubscriber.BindAsync(transport["Bus__IntegrationExchange"]);
        await KillDuringBatchAsync("crash_rabbitmq", transport, (opts, _) =>
        {
            opts.UseRabbitMq(new Uri(TestBroker.ConnectionString()));
            opts.PublishMessage<InviteAdmin>().ToRabbitQueue(queue);
        }, subscriber);
    }

    [Fact]
    public async Task on_rabbitmq_a_broker_restart_in_the_middle_of_a_batch_loses_no_command_and_applies_none_twice()
    {
        var queue = $"commands-restart-{Guid.NewGuid():N}";
        var database = "broker_restart";
        var transport = RabbitMq(queue, "restart");
        await using var subscriber = await BrokerSubscriber.BindAsync(transport["Bus__IntegrationExchange"]);
        await InterruptBatchAsync(database, 1_000, transport, subscriber, (opts, _) =>
        {
            // A sender whose commands must survive a broker restart publishes them persistent, which Wolverine does
            // for a durable sending endpoint: an outbox of the sender's own (a schema of its own in the test's database),
            // and with publisher confirms, so the outbox lets a command go only once the broker has it (docs/bus.md).
            opts.PersistMessagesWithPostgresql(TestDatabase.Own(database), "restart_sender");
            opts.UseRabbitMq(new Uri(TestBroker.ConnectionString())).ConfigureChannelCreation(channel =>
            {
                channel.PublisherConfirmationsEnabled = true;
                channel.PublisherConfirmationTrackingEnabled = true;
            });
            opts.PublishMessage<InviteAdmin>().ToRabbitQueue(queue).UseDurableOutbox();
        }, "the broker was restarted", async (service, _) =>
        {
            await TestBroker.RestartLocalNodeAsync(TimeSpan.FromSeconds(1));
            return service;
        });
    }

    /// <summary>
    /// Senders that wait for each reply (request/reply, eight at a time) while the broker restarts: every request ends
    /// with a reply or an error within its timeout, never silence; sending a request that failed again, with the same
    /// idempotency key, gets its outcome (the first one, when the command had been applied); and in the end every
    /// command is applied exactly once.
    /// </summary>
    [Fact]
    public async Task on_rabbitmq_senders_waiting_for_replies_through_a_broker_restart_get_a_reply_or_an_error_and_a_resend_settles_each()
    {
        const int requests = 300;
        var queue = $"commands-replies-{Guid.NewGuid():N}";
        var connectionString = TestDatabase.Own("broker_replies");
        await TestDatabase.RecreateAsync(connectionString);
        var environment = new Dictionary<string, string>(RabbitMq(queue, "replies")) { ["ConnectionStrings__Postgres"] = connectionString };
        var (exit, installed) = await ServiceProcess.RunToEndAsync(["install", "root@replies.test"], environment);
        exit.ShouldBe(0, installed);
        var token = installed.Split('\n').Select(l => l.Trim()).Last(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[\w-]+\.[\w-]+\.[\w-]+$"));

        using var sender = await StartSenderAsync((opts, _) =>
        {
            // No AutoProvision: the service declares its command queue (docs/bus.md); the reply queue is Wolverine's own.
            opts.UseRabbitMq(new Uri(TestBroker.ConnectionString()));
            opts.PublishMessage<CreateWorkspace>().ToRabbitQueue(queue);
        });
        var service = Start(environment);
        try
        {
            await WaitUntilReadyAsync(service);
            var bus = sender.Services.GetRequiredService<IMessageBus>();
            var names = Enumerable.Range(0, requests).Select(i => $"Reply {i:0000}").ToList();
            var keys = names.ToDictionary(n => n, _ => Guid.NewGuid().ToString());

            async Task<CommandOutcome?> RequestAsync(string name)
            {
                var delivery = CommandMetadata.Delivery(token, "reply-sender");
                delivery.WithHeader(BusHeaders.IdempotencyKey, keys[name]);
                try
                {
                    return await bus.InvokeAsync<CommandOutcome>(Workspaces.Command(name), delivery, timeout: TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    return null;
                }
            }

            var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, CommandOutcome?>();
            var restarted = Task.Run(async () =>
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (await CountAsync(connectionString, Workspaces.EventType) < requests / 5 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(20);
                }

                await TestBroker.RestartLocalNodeAsync(TimeSpan.FromSeconds(1));
            });
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, _) => outcomes[name] = await RequestAsync(name));
            await restarted;
            outcomes.Count.ShouldBe(requests, "every request ended");
            var failed = outcomes.Where(o => o.Value is null).Select(o => o.Key).ToList();
            output.WriteLine($"{requests - failed.Count} replies and {failed.Count} errors in {clock.Elapsed.TotalSeconds:0.0} s with the broker restarted");
            failed.Count.ShouldBeLessThan(requests, "the broker was restarted in the middle: some requests were answered before it");

            // A request that ended in an error is sent again with its idempotency key, until it is answered.
            foreach (var name in failed)
            {
                CommandOutcome? again = null;
                for (var attempt = 0; attempt < 10 && again is null; attempt++)
                {
                    again = await RequestAsync(name);
                }

                outcomes[name] = again.ShouldNotBeNull($"{name} got no reply to ten resends");
            }

            outcomes.Values.ShouldAllBe(o => o!.Accepted, "every command is accepted, first time or as a repeat");
            await ShouldBeAppliedOnceOrDeadLetteredAsync(connectionString, Workspaces, names);
            (await DeadLettersAsync(connectionString)).ShouldBe(0);
        }
        catch
        {
            foreach (var line in serviceOutput)
            {
                output.WriteLine(line);
            }

            throw;
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }

            service.Dispose();
            await sender.StopAsync();
        }
    }

    /// <summary>A queue and an exchange of the test's own on the shared broker: the RabbitMQ test fixture listens to the default ones.</summary>
    private static Dictionary<string, string> RabbitMq(string queue, string label) => new()
    {
        ["Bus__Transport"] = "RabbitMQ",
        [TestBroker.Variable] = TestBroker.ConnectionString(),
        ["Bus__CommandQueue"] = queue,
        ["Bus__IntegrationExchange"] = $"integration-events-{label}-{Guid.NewGuid():N}",
    };

    private Task KillDuringBatchAsync(string database, Dictionary<string, string> transport, Action<WolverineOptions, string> client, ISubscriber subscriber) =>
        InterruptBatchAsync(database, Commands, transport, subscriber, client, "the service was killed", async (service, environment) =>
        {
            service.Kill();
            await service.WaitForExitAsync();
            service.Dispose();
            var restarted = Start(environment);
            await WaitUntilReadyAsync(restarted);
            return restarted;
        });

    /// <summary>
    /// Installs, starts the service as its own process, sends <paramref name="commands"/> commands from a sender of
    /// its own, interrupts the service in the middle of the batch (the interruption returns the process that goes
    /// on), and checks that every command is accounted for exactly once and that a subscribing service got the
    /// integration event of every event stored.
    /// </summary>
    private async Task InterruptBatchAsync(
        string database, int commands, Dictionary<string, string> transport, ISubscriber subscriber, Action<WolverineOptions, string> client,
        string interruption, Func<Process, Dictionary<string, string>, Task<Process>> interrupt)
    {
        var connectionString = TestDatabase.Own(database);
        await TestDatabase.RecreateAsync(connectionString);
        var environment = new Dictionary<string, string>(transport) { ["ConnectionStrings__Postgres"] = connectionString };

        // The installation: its superuser owns the Infrastructure tenant; the command line prints a token for it.
        var (exit, installed) = await ServiceProcess.RunToEndAsync(["install", "root@crash.test"], environment);
        exit.ShouldBe(0, installed);
        var token = installed.Split('\n').Select(l => l.Trim()).Last(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[\w-]+\.[\w-]+\.[\w-]+$"));

        using var sender = await StartSenderAsync(client);
        var service = Start(environment);
        try
        {
            await WaitUntilReadyAsync(service);
            var bus = sender.Services.GetRequiredService<IMessageBus>();
            var names = Enumerable.Range(0, commands).Select(i => $"crash-{i:0000}@crash.test").ToList();
            // A service that keeps sending (about 200 commands a second), so the interruption falls in the middle of the batch.
            var sending = Task.Run(async () =>
            {
                for (var i = 0; i < names.Count; i++)
                {
                    await bus.SendAsync(Invitations.Command(names[i]), CommandMetadata.Delivery(token, "crash-sender"));
                    if (i % 10 == 9)
                    {
                        await Task.Delay(50);
                    }
                }
            });

            // Interrupted while it is in the middle of the batch.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await CountAsync(connectionString, Invitations.EventType) < commands / 10)
            {
                (DateTime.UtcNow < deadline).ShouldBeTrue($"the service handled too few commands before {interruption}");
                await Task.Delay(20);
            }

            // Counted as the interruption begins: once the service is back it may finish the batch before the count.
            var atInterruption = await CountAsync(connectionString, Invitations.EventType);
            atInterruption.ShouldBeLessThan(commands, $"{interruption} after the whole batch; it must interrupt it");
            service = await interrupt(service, environment);
            await sending;
            output.WriteLine($"{atInterruption} of {commands} applied when {interruption}, {await CountAsync(connectionString, Invitations.EventType)} once it was back");

            var clock = Stopwatch.StartNew();
            deadline = DateTime.UtcNow.AddSeconds(120);
            while (await CountAsync(connectionString, Invitations.EventType) + await DeadLettersAsync(connectionString) < commands && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            output.WriteLine($"all accounted for {clock.Elapsed.TotalSeconds:0.0} s after {interruption} and the service was ready");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await ShouldBeAppliedOnceOrDeadLetteredAsync(connectionString, Invitations, names);

            // No integration event lost: the subscriber got one (or, at least once, more) for every event stored.
            var stored = await EventIdsAsync(connectionString, Invitations.EventType);
            var received = new HashSet<Guid>();
            deadline = DateTime.UtcNow.AddSeconds(60);
            while (!received.IsSupersetOf(stored) && DateTime.UtcNow < deadline)
            {
                received.UnionWith(await subscriber.EventIdsAsync());
                await Task.Delay(200);
            }

            var missing = stored.Where(id => !received.Contains(id)).ToList();
            output.WriteLine($"the subscriber got the integration events of {stored.Count - missing.Count} of {stored.Count} stored events");
            missing.ShouldBeEmpty($"{missing.Count} of {stored.Count} stored events never reached the subscriber as integration events");
        }
        catch
        {
            foreach (var line in serviceOutput)
            {
                output.WriteLine(line);
            }

            throw;
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
            }

            service.Dispose();
            await sender.StopAsync();
        }
    }

    private static async Task<IHost> StartSenderAsync(Action<WolverineOptions, string> transport)
    {
        var host = Host.CreateDefaultBuilder()
            // It would read the service's appsettings.json next to the tests, with its console logging: nothing to say here.
            .ConfigureLogging(l => l.ClearProviders())
            .UseWolverine(opts =>
            {
                opts.ServiceName = "crash-sender";
                // It only sends: no handlers, so no code to generate or compile.
                opts.Discovery.DisableConventionalDiscovery();
                opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
                opts.UseSystemTextJsonForSerialization(json => CommandJson.Apply(json));
                transport(opts, opts.ServiceName);
            })
            .Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>What the service processes wrote, shown when the test fails.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> serviceOutput = new();

    private Process Start(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventSourcedTenancy.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var label = $"[pid {process.Id}] ";
        process.OutputDataReceived += (_, e) => Keep(label, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(label, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(string label, string? line)
    {
        if (line is null)
        {
            return;
        }

        serviceOutput.Enqueue(label + line);
        while (serviceOutput.Count > 300 && serviceOutput.TryDequeue(out _))
        {
        }
    }

    private static async Task WaitUntilReadyAsync(Process service)
    {
        var urls = service.StartInfo.ArgumentList[2];
        using var http = new HttpClient { BaseAddress = new Uri(urls), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            service.HasExited.ShouldBeFalse("the service process exited while starting");
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The service did not become ready within 60 s.");
    }

    private static async Task<long> CountAsync(string connectionString, string eventType)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from tenancy.mt_events where type = @type", connection);
        command.Parameters.AddWithValue("type", eventType);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<HashSet<Guid>> EventIdsAsync(string connectionString, string eventType)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id from tenancy.mt_events where type = @type", connection);
        command.Parameters.AddWithValue("type", eventType);
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>The <c>eventId</c> of an integration event as it travels (docs/contract.md).</summary>
    private static Guid EventIdOf(ReadOnlySpan<byte> body)
    {
        using var json = System.Text.Json.JsonDocument.Parse(body.ToArray());
        return json.RootElement.GetProperty("eventId").GetGuid();
    }

    /// <summary>A service subscribing to integration events, read after the run: the event ids it has received.</summary>
    public interface ISubscriber
    {
        Task<IReadOnlyCollection<Guid>> EventIdsAsync();
    }

    /// <summary>On the PostgreSQL transport: the subscriber's queue table, which nobody consumes in the test.</summary>
    private sealed class QueueTableSubscriber(string connectionString, string table) : ISubscriber
    {
        public async Task<IReadOnlyCollection<Guid>> EventIdsAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand($"select body from {table}", connection);
            var ids = new List<Guid>();
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(EventIdOf(Wolverine.Runtime.Serialization.EnvelopeSerializer.Deserialize((byte[])reader[0]).Data));
            }

            return ids;
        }
    }

    /// <summary>
    /// On RabbitMQ: a durable queue of the subscriber's own bound to the integration exchange before the service
    /// starts (declared as the service declares it), so it outlives a broker restart; drained after the run.
    /// </summary>
    private sealed class BrokerSubscriber(string queue) : ISubscriber, IAsyncDisposable
    {
        public static async Task<BrokerSubscriber> BindAsync(string exchange)
        {
            await using var connection = await ConnectAsync();
            await using var channel = await connection.CreateChannelAsync();
            var queue = $"{exchange}-subscriber";
            await channel.ExchangeDeclareAsync(exchange, RabbitMQ.Client.ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, routingKey: "");
            return new BrokerSubscriber(queue);
        }

        public async Task<IReadOnlyCollection<Guid>> EventIdsAsync()
        {
            await using var connection = await ConnectAsync();
            await using var channel = await connection.CreateChannelAsync();
            var ids = new List<Guid>();
            while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
            {
                ids.Add(EventIdOf(message.Body.Span));
            }

            return ids;
        }

        public async ValueTask DisposeAsync()
        {
            await using var connection = await ConnectAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }

        private static Task<RabbitMQ.Client.IConnection> ConnectAsync() =>
            new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(TestBroker.ConnectionString()) }.CreateConnectionAsync();
    }

    /// <summary>The commands a test sends: each names what it creates (a workspace, an invited account), so a repeat shows.</summary>
    private sealed record CommandKind(string EventType, string Field, Func<string, object> Command);

    /// <summary>Workspaces of the one Infrastructure tenant: every command appends to the same stream and races the others.</summary>
    private static readonly CommandKind Workspaces = new("workspace_created", "name", name => new CreateWorkspace(CreateInstallation.InfrastructureTenantId, name));

    /// <summary>Invitations into the Infrastructure tenant: each a new account, whose AdminInvited is published as an integration event.</summary>
    private static readonly CommandKind Invitations = new("admin_invited", "email", email =>
        new InviteAdmin(CreateInstallation.InfrastructureTenantId, email, "Crash", "Test", RoleRef.Of(SystemRole.Viewer), null, null));

    private static async Task<List<string>> CreatedAsync(string connectionString, CommandKind kind)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select data from tenancy.mt_events where type = @type", connection);
        command.Parameters.AddWithValue("type", kind.EventType);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(FieldOf(System.Text.Json.JsonDocument.Parse(reader.GetString(0)).RootElement, kind.Field));
        }

        return names;
    }

    private static string FieldOf(System.Text.Json.JsonElement json, string field) =>
        json.EnumerateObject().Single(p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase)).Value.GetString()!;

    /// <summary>
    /// Every command is applied exactly once, or kept as a dead letter with the reason it was not applied (a command
    /// that lost the race for the one stream on each of its attempts); none is lost, none is applied twice.
    /// </summary>
    private async Task ShouldBeAppliedOnceOrDeadLetteredAsync(string connectionString, CommandKind kind, IReadOnlyList<string> names)
    {
        var applied = await CreatedAsync(connectionString, kind);
        applied.Count.ShouldBe(applied.Distinct().Count(), "a command was applied twice");
        var deadLettered = new List<string>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand("select body, exception_type from wolverine.wolverine_dead_letters", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                reader.GetString(1).ShouldBe(typeof(CommandGaveUpException).FullName, "a dead letter without the reason it was not applied");
                var envelope = Wolverine.Runtime.Serialization.EnvelopeSerializer.Deserialize((byte[])reader[0]);
                var command = System.Text.Json.JsonDocument.Parse(envelope.Data!).RootElement;
                deadLettered.Add(FieldOf(command, kind.Field));
            }
        }

        output.WriteLine($"{applied.Count} applied, {deadLettered.Count} dead-lettered with their reason");
        applied.Intersect(deadLettered).ShouldBeEmpty("a command was both applied and dead-lettered");
        applied.Concat(deadLettered).ShouldBe(names, ignoreOrder: true, "a command was lost");
    }

    private static async Task<long> DeadLettersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from wolverine.wolverine_dead_letters", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
