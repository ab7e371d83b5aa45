using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Diagnostics;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Npgsql;
using RabbitMQ.Client;
using Wolverine.Postgresql.Transport;
using Wolverine.RabbitMQ;
using Wolverine.RabbitMQ.Internal;
using Wolverine.Runtime;
using Xunit.Abstractions;
using V1 = EventSourcedTenancy.Integration.V1;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>The bus round trip, on each transport: the PostgreSQL queues and RabbitMQ.</summary>
public abstract class when_a_message_is_sent_over_the_bus(ServiceFixture fixture, ITestOutputHelper output)
{
    [Collection(ServiceTestCollection.Name)]
    public sealed class on_postgresql(ServiceFixture fixture, ITestOutputHelper output) : when_a_message_is_sent_over_the_bus(fixture, output)
    {
        [Fact]
        public void the_command_queue_listener_polls_well_under_a_second_when_idle()
        {
            // The transport's idle default is 5 s; a command would wait that long before being handled.
            var runtime = Fixture.Host.Services.GetRequiredService<IWolverineRuntime>();
            var queue = runtime.Options.Transports.OfType<PostgresqlTransport>().Single()
                .Queues[Settings.CommandQueue];

            queue.IsListener.ShouldBeTrue();
            queue.PollingInterval.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(TimeSpan.FromMilliseconds(100));
            queue.MaximumMessagesToReceive.ShouldBeGreaterThanOrEqualTo(50);
        }

        [Fact]
        public async Task two_subscribing_services_each_get_every_integration_event_on_their_own_queue()
        {
            var world = await Installation.CreateAsync(Fixture);
            Settings.IntegrationQueues.ShouldBe(["integration-events-billing", "integration-events-crm"]);
            var email = $"fanout-{Guid.NewGuid():N}@example.com";
            var outcome = await Fixture.Host.MessageBus().EndpointFor(Settings.CommandQueueUri).InvokeAsync<CommandOutcome>(
                new InviteAdmin(world.Customer, email, "Fan", "Out", RoleRef.Of(SystemRole.Viewer), null, null),
                CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "tests"), timeout: TimeSpan.FromSeconds(20));
            outcome.Accepted.ShouldBeTrue(outcome.Message);

            foreach (var queue in Settings.IntegrationQueues)
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while ((await StoredEventsAsync(queue, email)).Count == 0)
                {
                    (DateTime.UtcNow < deadline).ShouldBeTrue($"{queue} did not get the AdminInvited event within 30 s");
                    await Task.Delay(100);
                }

                var (messageType, body) = (await StoredEventsAsync(queue, email)).ShouldHaveSingleItem($"{queue} should hold exactly one copy");
                ShouldBeTheInvitation(messageType, body, email, outcome);
            }
        }

        [Fact]
        public async Task integration_events_nobody_took_are_removed_after_the_retention_and_newer_ones_stay()
        {
            await Installation.CreateAsync(Fixture);
            var queue = Settings.IntegrationQueues[0];
            var table = Settings.QueueTable(queue);
            await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
            await connection.OpenAsync();
            var old = Guid.NewGuid();
            var recent = Guid.NewGuid();
            foreach (var (id, age) in new[] { (old, Settings.IntegrationEventRetention + TimeSpan.FromHours(1)), (recent, Settings.IntegrationEventRetention - TimeSpan.FromHours(1)) })
            {
                await using var insert = new NpgsqlCommand(
                    $"insert into {table} (id, body, message_type, timestamp) values (@id, @body, 'AdminInvited', (now() at time zone 'utc') - @age)", connection);
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("body", new byte[] { 1 });
                insert.Parameters.AddWithValue("age", age);
                await insert.ExecuteNonQueryAsync();
            }

            var retention = ActivatorUtilities.CreateInstance<IntegrationEventRetention>(Fixture.Host.Services);
            (await retention.SweepAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);

            await using var left = new NpgsqlCommand($"select id from {table} where id = any(@ids)", connection);
            left.Parameters.AddWithValue("ids", new[] { old, recent });
            var ids = new List<Guid>();
            await using (var reader = await left.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetGuid(0));
                }
            }

            ids.ShouldBe([recent]);

            // The stand-in rows are not envelopes: other tests read this queue.
            await using var clean = new NpgsqlCommand($"delete from {table} where id = @id", connection);
            clean.Parameters.AddWithValue("id", recent);
            await clean.ExecuteNonQueryAsync();
        }

        /// <summary>The message type and body of every stored message on <paramref name="queue"/> that carries <paramref name="email"/>.</summary>
        private async Task<List<(string? MessageType, string Body)>> StoredEventsAsync(string queue, string email)
        {
            await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand($"select body from {Settings.QueueTable(queue)}", connection);
            var found = new List<(string?, string)>();
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var envelope = Wolverine.Runtime.Serialization.EnvelopeSerializer.Deserialize((byte[])reader[0]);
                var body = System.Text.Encoding.UTF8.GetString(envelope.Data ?? []);
                if (body.Contains(email, StringComparison.Ordinal))
                {
                    found.Add((envelope.MessageType, body));
                }
            }

            return found;
        }
    }

    [Collection(RabbitMqTestCollection.Name)]
    public sealed class on_rabbitmq(RabbitMqServiceFixture fixture, ITestOutputHelper output) : when_a_message_is_sent_over_the_bus(fixture, output)
    {
        [Fact]
        public async Task the_command_queue_is_a_durable_broker_queue_acknowledged_after_the_handler_committed()
        {
            var runtime = Fixture.Host.Services.GetRequiredService<IWolverineRuntime>();
            var queue = runtime.Options.Transports.OfType<RabbitMqTransport>().Single().Queues[Settings.CommandQueue];
            queue.IsListener.ShouldBeTrue();
            queue.IsDurable.ShouldBeTrue();
            // Handled straight from the delivery, which is acknowledged only when the handler's transaction committed.
            queue.Mode.ShouldBe(Wolverine.Configuration.EndpointMode.NativeAck);

            // The broker itself holds it as durable: it survives a broker restart.
            await using var connection = await new ConnectionFactory { Uri = new Uri(TestBroker.ConnectionString()) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            var declared = await channel.QueueDeclarePassiveAsync(Settings.CommandQueue);
            declared.QueueName.ShouldBe(Settings.CommandQueue);
            runtime.Options.Transports.OfType<RabbitMqTransport>().Single().Exchanges[Settings.IntegrationExchange].ExchangeType.ShouldBe(Wolverine.RabbitMQ.ExchangeType.Fanout);
        }

        [Fact]
        public async Task two_subscribing_services_each_get_every_integration_event()
        {
            var world = await Installation.CreateAsync(Fixture);
            await using var connection = await new ConnectionFactory { Uri = new Uri(TestBroker.ConnectionString()) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            string[] subscribers = [$"billing-{Guid.NewGuid():N}", $"crm-{Guid.NewGuid():N}"];
            foreach (var subscriber in subscribers)
            {
                await channel.QueueDeclareAsync(subscriber, durable: false, exclusive: false, autoDelete: true);
                await channel.QueueBindAsync(subscriber, Settings.IntegrationExchange, routingKey: "");
            }

            var email = $"fanout-{Guid.NewGuid():N}@example.com";
            var outcome = await Fixture.Host.MessageBus().EndpointFor(Settings.CommandQueueUri).InvokeAsync<CommandOutcome>(
                new InviteAdmin(world.Customer, email, "Fan", "Out", RoleRef.Of(SystemRole.Viewer), null, null),
                CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "tests"), timeout: TimeSpan.FromSeconds(20));
            outcome.Accepted.ShouldBeTrue(outcome.Message);

            foreach (var subscriber in subscribers)
            {
                var invited = await NextAsync(channel, subscriber, body => body.Contains(email, StringComparison.Ordinal));
                invited.ShouldNotBeNull($"{subscriber} did not get the AdminInvited event within 30 s");
                ShouldBeTheInvitation(invited.Value.MessageType, invited.Value.Body, email, outcome);
            }
        }

        [Fact]
        public async Task a_sender_with_only_the_documented_permissions_gets_its_reply_and_cannot_read_the_command_queue()
        {
            var world = await Installation.CreateAsync(Fixture);
            var user = $"sender-{Guid.NewGuid():N}"[..20];
            var broker = await BrokerUsers.AddSenderAsync(user, "sender-password");
            try
            {
                using var sender = await Host.CreateDefaultBuilder()
                    .ConfigureLogging(l => l.ClearProviders())
                    .UseWolverine(opts =>
                    {
                        opts.ServiceName = "narrow-sender";
                        opts.Discovery.DisableConventionalDiscovery();
                        opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
                        opts.UseSystemTextJsonForSerialization(json => CommandJson.Apply(json));
                        opts.UseRabbitMq(broker);
                        opts.PublishMessage<InviteAdmin>().ToRabbitQueue(Settings.CommandQueue);
                    })
                    .StartAsync();

                var outcome = await sender.MessageBus().InvokeAsync<CommandOutcome>(
                    new InviteAdmin(world.Customer, $"narrow-{Guid.NewGuid():N}@example.com", "Nar", "Row", RoleRef.Of(SystemRole.Viewer), null, null),
                    CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "narrow-sender"), timeout: TimeSpan.FromSeconds(20));
                outcome.Accepted.ShouldBeTrue(outcome.Message);

                // What it may not do: read the commands other senders queued, or publish to the integration events.
                await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
                await using (var reader = await connection.CreateChannelAsync())
                {
                    (await Should.ThrowAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(() => reader.BasicGetAsync(Settings.CommandQueue, autoAck: false)))
                        .Message.ShouldContain("ACCESS_REFUSED");
                }

                await using var publisher = await connection.CreateChannelAsync();
                (await Should.ThrowAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(() =>
                        publisher.QueueDeclareAsync($"wolverine.elsewhere.{Guid.NewGuid():N}", durable: false, exclusive: false, autoDelete: true)))
                    .Message.ShouldContain("ACCESS_REFUSED");
            }
            finally
            {
                await BrokerUsers.RemoveAsync(user);
            }
        }

        private static async Task<(string? MessageType, string Body)?> NextAsync(IChannel channel, string queue, Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var delivery = await channel.BasicGetAsync(queue, autoAck: true);
                if (delivery is null)
                {
                    await Task.Delay(100);
                    continue;
                }

                var body = System.Text.Encoding.UTF8.GetString(delivery.Body.Span);
                if (match(body))
                {
                    return (delivery.BasicProperties.Type, body);
                }
            }

            return null;
        }
    }

    [Fact]
    public async Task it_travels_through_the_command_queue_and_is_handled()
    {
        var ping = new PingBus(Guid.NewGuid());

        var session = await Fixture.Track()
            .SendMessageAndWaitAsync(ping);

        var sent = session.Sent.SingleEnvelope<PingBus>();
        sent.Destination.ShouldNotBeNull().Scheme.ShouldBe(Settings.CommandQueueUri.Scheme);
        sent.Destination.ToString().ShouldContain(Settings.CommandQueue);

        var handled = session.Executed.SingleMessage<PingBus>();
        handled.Id.ShouldBe(ping.Id);
        // Its own answer among those tracked: the session also sees the answers to other tests' pings on the shared host.
        session.FindEnvelopesWithMessageType<BusPinged>().Select(r => r.Message).OfType<BusPinged>().ShouldContain(p => p.Id == ping.Id);
    }

    [Fact]
    public async Task a_request_gets_its_reply_back_through_the_queue()
    {
        var ping = new PingBus(Guid.NewGuid());
        BusPinged? reply = null;

        var session = await Fixture.Track()
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async context =>
                reply = await context.EndpointFor(Settings.CommandQueueUri).InvokeAsync<BusPinged>(ping, timeout: TimeSpan.FromSeconds(10))));

        reply.ShouldNotBeNull().Id.ShouldBe(ping.Id);
        session.Sent.SingleEnvelope<PingBus>().Destination.ShouldNotBeNull().Scheme.ShouldBe(Settings.CommandQueueUri.Scheme);
    }

    [Fact]
    public async Task round_trips_are_reported()
    {
        using var scope = Fixture.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var ping = new PingBus(Guid.NewGuid());
            var watch = Stopwatch.StartNew();
            var reply = await bus.EndpointFor(Settings.CommandQueueUri).InvokeAsync<BusPinged>(ping, timeout: TimeSpan.FromSeconds(10));
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            reply.Id.ShouldBe(ping.Id);
        }

        // Reported for information; speed is measured by the benchmarks, not asserted by tests.
        latencies.Sort();
        output.WriteLine($"request/reply over {Settings.CommandQueueUri.Scheme}: median {latencies[latencies.Count / 2]:F1} ms, max {latencies[^1]:F1} ms");
    }

    /// <summary>
    /// The AdminInvited integration event of <paramref name="outcome"/>, as a subscriber receives it: the contract's
    /// message name and fields (strictly: no field the contract does not have), enums by name, and the stored
    /// event's id, stream, version, sequence and schema version.
    /// </summary>
    protected static void ShouldBeTheInvitation(string? messageType, string body, string email, CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        messageType.ShouldBe("EventSourcedTenancy.Integration.V1.AdminInvited");
        var json = JsonNode.Parse(body).ShouldNotBeNull().AsObject();
        json["role"].ShouldNotBeNull().GetValue<string>().ShouldBe("Viewer");
        json.ContainsKey("isOwner").ShouldBeFalse();
        var invited = JsonSerializer.Deserialize<V1.AdminInvited>(body, CommandJson.Options).ShouldNotBeNull();
        var account = outcome.StreamId.ShouldNotBeNull();
        invited.AccountId.ShouldBe(account);
        invited.Email.ShouldBe(email);
        invited.Role.ShouldBe(SystemRole.Viewer);
        invited.CustomRoleId.ShouldBeNull();
        invited.StreamId.ShouldBe(account);
        invited.StreamVersion.ShouldBe(outcome.StreamVersions[account]);
        invited.EventId.ShouldNotBe(Guid.Empty);
        invited.Sequence.ShouldBeGreaterThan(0);
        invited.SchemaVersion.ShouldBe(V1.IntegrationContract.SchemaVersion);
        (DateTimeOffset.UtcNow - invited.OccurredAt).ShouldBeLessThan(TimeSpan.FromMinutes(1));
    }

    protected ServiceFixture Fixture { get; } = fixture;

    protected ServiceSettings Settings => Fixture.Host.Services.GetRequiredService<ServiceSettings>();
}
