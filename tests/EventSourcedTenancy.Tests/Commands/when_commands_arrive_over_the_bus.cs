using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using Wolverine.Tracking;

namespace EventSourcedTenancy.Tests.Commands;

/// <summary>
/// Services send commands to the command queue with the actor's token in the headers, and get the outcome back: on
/// each transport, the PostgreSQL queues and RabbitMQ.
/// </summary>
public abstract class when_commands_arrive_over_the_bus(ServiceFixture fixture)
{
    [Collection(ServiceTestCollection.Name)]
    public sealed class on_postgresql(ServiceFixture fixture) : when_commands_arrive_over_the_bus(fixture)
    {
        [Fact]
        public async Task garbage_on_the_queue_is_dead_lettered_with_its_bytes_and_the_listener_keeps_going()
        {
            await GarbageOnThePostgresqlQueueAsync();
        }
    }

    [Collection(RabbitMqTestCollection.Name)]
    public sealed class on_rabbitmq(RabbitMqServiceFixture fixture) : when_commands_arrive_over_the_bus(fixture)
    {
        [Fact]
        public async Task garbage_on_the_queue_is_dead_lettered_once_and_the_listener_keeps_going()
        {
            await Installation.CreateAsync(Fixture);
            await using var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(TestBroker.ConnectionString()) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            var garbage = new (string Label, RabbitMQ.Client.BasicProperties Properties, byte[] Body)[]
            {
                ("no headers at all", new() { MessageId = Guid.NewGuid().ToString() }, "not an envelope at all"u8.ToArray()),
                ("a command type with a broken body", new() { MessageId = Guid.NewGuid().ToString(), Headers = new Dictionary<string, object?> { ["message-type"] = typeof(InviteAdmin).FullName } }, "{\"broken\": "u8.ToArray()),
                ("an unknown type", new() { MessageId = Guid.NewGuid().ToString(), Headers = new Dictionary<string, object?> { ["message-type"] = "no.such.Type" } }, "{}"u8.ToArray()),
            };
            foreach (var (_, properties, body) in garbage)
            {
                await channel.BasicPublishAsync("", Settings.CommandQueue, mandatory: true, properties, body);
            }

            // Nothing is redelivered for ever: the queue drains, and the listener still handles a good message after the bad ones.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await channel.QueueDeclarePassiveAsync(Settings.CommandQueue)).MessageCount > 0)
            {
                (DateTime.UtcNow < deadline).ShouldBeTrue("the bad messages are still on the queue after 30 s");
                await Task.Delay(100);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            (await channel.QueueDeclarePassiveAsync(Settings.CommandQueue)).MessageCount.ShouldBe(0u);

            // Each is kept once, under its message id, with a reason, in the service's dead-letter store.
            await using var database = new NpgsqlConnection(Fixture.ConnectionString);
            await database.OpenAsync();
            foreach (var (label, properties, _) in garbage)
            {
                await using var kept = new NpgsqlCommand(
                    $"select count(*), min(exception_message) from {Settings.MessageStorageSchema}.wolverine_dead_letters where id = @id", database);
                kept.Parameters.AddWithValue("id", Guid.Parse(properties.MessageId!));
                await using var reader = await kept.ExecuteReaderAsync();
                await reader.ReadAsync();
                reader.GetInt64(0).ShouldBe(1, label);
                reader.GetString(1).ShouldNotBeNullOrWhiteSpace(label);
            }

            var ping = await Fixture.Track().SendMessageAndWaitAsync(new Diagnostics.PingBus(Guid.NewGuid()));
            ping.Executed.SingleMessage<Diagnostics.PingBus>().ShouldNotBeNull();
        }
    }

    protected ServiceFixture Fixture => fixture;

    protected ServiceSettings Settings => fixture.Host.Services.GetRequiredService<ServiceSettings>();

    private async Task<(CommandOutcome Outcome, ITrackedSession Session)> SendAsync(object command, Guid actor, string? reason = null)
    {
        CommandOutcome? outcome = null;
        var session = await fixture.Track()
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async bus =>
                outcome = await bus.EndpointFor(Settings.CommandQueueUri)
                    .InvokeAsync<CommandOutcome>(command, CommandMetadata.Delivery(Token(actor), "billing-service", reason), timeout: TimeSpan.FromSeconds(20))));
        return (outcome.ShouldNotBeNull(), session);
    }

    private string Token(Guid account) => fixture.Host.Services.GetRequiredService<TokenIssuer>().Mint(account);

    [Fact]
    public async Task a_message_naming_the_superuser_without_a_valid_token_changes_nothing_and_is_refused_as_unauthenticated()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();
        var bus = fixture.Host.MessageBus().EndpointFor(Settings.CommandQueueUri);
        var valid = Token(world.Viewer);
        (string Label, Action<DeliveryOptions> Headers)[] attempts =
        [
            ("actor-account only", d => d.WithHeader(BusHeaders.ActorAccount, world.Superuser.ToString())),
            ("a token that is not one", d => d.WithHeader(BusHeaders.ActorAccount, world.Superuser.ToString()).WithHeader(BusHeaders.Authorization, "Bearer not-a-token")),
            ("a tampered token", d => d.WithHeader(BusHeaders.Authorization, $"Bearer {valid[..^2]}{(valid[^2] == 'A' ? "BB" : "AA")}")),
            ("another account's token", d => d.WithHeader(BusHeaders.ActorAccount, world.Superuser.ToString()).WithHeader(BusHeaders.Authorization, $"Bearer {valid}")),
            ("a scheme other than Bearer", d => d.WithHeader(BusHeaders.Authorization, $"Basic {valid}")),
        ];

        foreach (var (label, headers) in attempts)
        {
            var delivery = new DeliveryOptions();
            headers(delivery);
            var outcome = await bus.InvokeAsync<CommandOutcome>(new CreateWorkspace(world.Customer, "Takeover"), delivery, timeout: TimeSpan.FromSeconds(20));
            outcome.Accepted.ShouldBeFalse(label);
            outcome.Code.ShouldBe("unauthenticated", label);
            outcome.Message.ShouldNotBeNullOrWhiteSpace(label);
        }

        (await fixture.CountEventsAsync()).ShouldBe(before, "a message without a valid token wrote events");
    }

    [Fact]
    public async Task a_tenant_command_goes_through_the_queue_and_replies_with_the_new_version()
    {
        var world = await Installation.CreateAsync(fixture);

        var (outcome, session) = await SendAsync(new CreateWorkspace(world.Customer, "Logistics"), world.CustomerOwner);

        outcome.Accepted.ShouldBeTrue(outcome.Message);
        outcome.StreamVersions[world.Customer].ShouldBe(await world.VersionOfAsync(world.Customer));
        session.Sent.SingleEnvelope<CreateWorkspace>().Destination.ShouldNotBeNull().Scheme.ShouldBe(Settings.CommandQueueUri.Scheme);
        session.Executed.SingleMessage<CreateWorkspace>().Name.ShouldBe("Logistics");
    }

    [Fact]
    public async Task an_account_command_goes_through_the_queue_and_records_who_sent_it()
    {
        var world = await Installation.CreateAsync(fixture);

        var (outcome, _) = await SendAsync(new SetAdminInactive(world.Administrator, "Left the company"), world.CustomerOwner, reason: "HR ticket 4711");

        outcome.Accepted.ShouldBeTrue(outcome.Message);
        await using var query = fixture.Store.QuerySession();
        var last = (await query.Events.FetchStreamAsync(world.Administrator))[^1];
        last.Data.ShouldBeOfType<AccountSetInactive>().Reason.ShouldBe("Left the company");
        last.Headers.ShouldNotBeNull();
        last.Headers[AuditEnvelope.Source].ToString().ShouldBe(nameof(CommandSource.Bus));
        last.Headers[AuditEnvelope.SendingService].ToString().ShouldBe("billing-service");
        last.Headers[AuditEnvelope.Actor].ToString().ShouldBe(world.CustomerOwner.ToString());
        last.Headers[AuditEnvelope.Reason].ToString().ShouldBe("HR ticket 4711");
        last.CausationId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task a_rejected_command_replies_with_the_reason_and_writes_nothing()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();

        var (outcome, _) = await SendAsync(new PromoteToOwner(world.Administrator), world.Manager);

        outcome.Accepted.ShouldBeFalse();
        outcome.Kind.ShouldBe(RejectionKind.Forbidden);
        outcome.Message.ShouldNotBeNullOrWhiteSpace();
        (await fixture.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_command_without_an_actor_is_refused_and_writes_nothing()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();
        using var scope = fixture.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();

        var outcome = await bus.EndpointFor(Settings.CommandQueueUri)
            .InvokeAsync<CommandOutcome>(new ResetPassword(world.User), timeout: TimeSpan.FromSeconds(20));

        outcome.Code.ShouldBe("unauthenticated");
        (await fixture.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_message_delivered_twice_appends_nothing_the_second_time()
    {
        var world = await Installation.CreateAsync(fixture);
        var command = new ResetPassword(world.User);
        var delivery = new CommandMetadata(world.CustomerOwner, null, "tests", CommandSource.Bus, Guid.NewGuid(), null, null, null, null);

        var first = await fixture.RunAsync(command, delivery);
        var afterFirst = await fixture.CountEventsAsync();
        var second = await fixture.RunAsync(command, delivery);

        first.Accepted.ShouldBeTrue(first.Message);
        second.Accepted.ShouldBeTrue();
        second.Repeated.ShouldBeTrue();
        second.StreamVersions.ShouldBe(first.StreamVersions);
        (await fixture.CountEventsAsync()).ShouldBe(afterFirst);
    }

    private async Task GarbageOnThePostgresqlQueueAsync()
    {
        await Installation.CreateAsync(fixture);
        var table = Settings.QueueTable(Settings.CommandQueue);
        var deadLetters = $"{Settings.MessageStorageSchema}.wolverine_dead_letters";
        var inbox = $"{Settings.MessageStorageSchema}.wolverine_incoming_envelopes";
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var garbage = new Dictionary<Guid, byte[]>
        {
            [Guid.NewGuid()] = "not an envelope at all"u8.ToArray(),
            [Guid.NewGuid()] = "{\"broken\": "u8.ToArray(),
        };

        foreach (var (id, bytes) in garbage)
        {
            await using var insert = new NpgsqlCommand($"insert into {table} (id, body, message_type) values (@id, @body, @type)", connection);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("body", bytes);
            insert.Parameters.AddWithValue("type", typeof(InviteAdmin).FullName!);
            await insert.ExecuteNonQueryAsync();
        }

        // Each is kept as a dead letter under its own id, with its bytes as the data and a reason; none stays in the inbox.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var kept = new Dictionary<Guid, (byte[] Body, string Reason)>();
        while (kept.Count < garbage.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            await using var select = new NpgsqlCommand($"select id, body, exception_message from {deadLetters} where id = any(@ids) and message_type = 'unreadable-envelope'", connection);
            select.Parameters.AddWithValue("ids", garbage.Keys.ToArray());
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                kept[reader.GetGuid(0)] = ((byte[])reader["body"], reader.GetString(2));
            }
        }

        kept.Keys.ShouldBe(garbage.Keys, ignoreOrder: true, "both bad messages should be kept in the dead-letter store");
        foreach (var (id, (body, reason)) in kept)
        {
            Wolverine.Runtime.Serialization.EnvelopeSerializer.Deserialize(body).Data.ShouldBe(garbage[id]);
            reason.ShouldContain("not a message envelope");
        }

        await using (var left = new NpgsqlCommand($"select count(*) from {inbox} where id = any(@ids)", connection))
        {
            left.Parameters.AddWithValue("ids", garbage.Keys.ToArray());
            ((long)(await left.ExecuteScalarAsync())!).ShouldBe(0);
        }

        // The listener is still alive: a good message is handled after the bad ones.
        var ping = await fixture.Track()
            .SendMessageAndWaitAsync(new Diagnostics.PingBus(Guid.NewGuid()));
        ping.Executed.SingleMessage<Diagnostics.PingBus>().ShouldNotBeNull();
    }

    [Fact]
    public async Task a_message_naming_no_command_is_answered_at_once_with_a_failure_naming_its_type()
    {
        var world = await Installation.CreateAsync(fixture);
        // A failure acknowledgement, not a TimeoutException: the sender does not wait out its timeout.
        var failure = await Should.ThrowAsync<Wolverine.Runtime.RemoteInvocation.WolverineRequestReplyException>(() =>
            fixture.Host.MessageBus().EndpointFor(Settings.CommandQueueUri)
                .InvokeAsync<CommandOutcome>(new NoSuchCommand(world.Customer), CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "tests"), timeout: TimeSpan.FromSeconds(20)));

        failure.Message.ShouldContain("EventSourcedTenancy.Tests.Commands.NoSuchCommand");
    }
}

/// <summary>A message type the service has no handler for.</summary>
public sealed record NoSuchCommand(Guid TenantId);
