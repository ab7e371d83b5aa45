using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Commands;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using Wolverine.Runtime.Serialization;
using Xunit.Abstractions;

namespace EventSourcedTenancy.Tests.Edges;

/// <summary>
/// Malformed commands sent through the real command queue (PostgreSQL and RabbitMQ), generated per command of the catalog:
/// empty ids, malformed or missing metadata headers, callers that do not exist, and bodies that break the
/// strict JSON contract. Each gets a typed rejection reply with its code and a message (never no reply),
/// and writes nothing (events counted).
/// </summary>
public abstract class hostile_input_over_the_bus(ServiceFixture fixture, ITestOutputHelper output)
{
    [Collection(ServiceTestCollection.Name)]
    public sealed class on_postgresql(ServiceFixture fixture, ITestOutputHelper output) : hostile_input_over_the_bus(fixture, output)
    {
        [Fact]
        public async Task a_message_put_on_the_queue_again_with_the_same_id_is_answered_with_the_first_outcome()
        {
            await PutOnThePostgresqlQueueAgainAsync();
        }
    }

    [Collection(RabbitMqTestCollection.Name)]
    public sealed class on_rabbitmq(RabbitMqServiceFixture fixture, ITestOutputHelper output) : hostile_input_over_the_bus(fixture, output);

    private const string Zero = "00000000-0000-0000-0000-000000000000";

    private Uri Queue => fixture.Host.Services.GetRequiredService<ServiceSettings>().CommandQueueUri;

    public static TheoryData<string> Commands => EndpointCases.Names();

    [Theory]
    [MemberData(nameof(Commands), MemberType = typeof(hostile_input_over_the_bus))]
    public async Task every_malformed_command_message_gets_a_typed_rejection_and_writes_nothing(string name)
    {
        var endpoint = EndpointCases.Named(name);
        var world = await Installation.CreateAsync(fixture);
        if (endpoint.Arrange is not null)
        {
            await endpoint.Arrange(world);
        }

        var cases = Cases(endpoint, world).ToList();
        var failures = new List<string>();
        foreach (var (label, command, headers, code) in cases)
        {
            var before = await fixture.CountEventsAsync();
            var outcome = await SendAsync(command, headers);
            var written = await fixture.CountEventsAsync() - before;
            if (outcome.Accepted || outcome.Code != code || string.IsNullOrWhiteSpace(outcome.Message) || written != 0)
            {
                failures.Add($"{name} [{label}]: accepted={outcome.Accepted} code={outcome.Code} (expected {code}) written={written} | {outcome.Message}");
            }
        }

        output.WriteLine($"{cases.Count} hostile messages for {name}.");
        failures.ShouldBeEmpty($"{failures.Count} of {cases.Count} messages were not refused as they must be:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task bodies_that_break_the_json_contract_get_a_typed_rejection_naming_the_problem()
    {
        var world = await Installation.CreateAsync(fixture);
        var owner = Actor(world.CustomerOwner);
        (string Label, object Message, string Code)[] cases =
        [
            ("JSON null", new RawCreateWorkspace("null"), "invalid_body"),
            ("an array", new RawCreateWorkspace("[]"), "invalid_value"),
            ("missing name", new RawCreateWorkspace($$"""{"tenantId":"{{world.Customer}}"}"""), "missing_field"),
            ("null name", new RawCreateWorkspace($$"""{"tenantId":"{{world.Customer}}","name":null}"""), "missing_field"),
            ("unknown member", new RawCreateWorkspace($$"""{"tenantId":"{{world.Customer}}","name":"Ops","nmae":"x"}"""), "unknown_field"),
            ("name twice", new RawCreateWorkspace($$"""{"tenantId":"{{world.Customer}}","name":"Ops","name":"Other"}"""), "duplicate_field"),
            ("name twice in another case", new RawCreateWorkspace($$"""{"tenantId":"{{world.Customer}}","name":"Ops","Name":"Other"}"""), "duplicate_field"),
            ("tenant id not a UUID", new RawCreateWorkspace("""{"tenantId":"root","name":"Ops"}"""), "invalid_value"),
            ("tenant id all zeros", new RawCreateWorkspace($$"""{"tenantId":"{{Zero}}","name":"Ops"}"""), "invalid_id"),
            ("name with NUL", new RawCreateWorkspace($$"""{"tenantId":"{{world.Customer}}","name":"a\u0000b"}"""), "invalid_text"),
            ("mode as a number", new RawChangeManagementMode($$"""{"tenantId":"{{world.Customer}}","managementMode":1}"""), "invalid_enum"),
            ("mode as two names", new RawChangeManagementMode($$"""{"tenantId":"{{world.Customer}}","managementMode":"SelfManaged,ManagedByServiceProvider"}"""), "invalid_enum"),
            ("mode missing", new RawChangeManagementMode($$"""{"tenantId":"{{world.Customer}}"}"""), "missing_field"),
            ("mode unknown", new RawChangeManagementMode($$"""{"tenantId":"{{world.Customer}}","managementMode":"Bogus"}"""), "invalid_enum"),
        ];

        var failures = new List<string>();
        foreach (var (label, message, code) in cases)
        {
            var before = await fixture.CountEventsAsync();
            var outcome = await SendAsync(message, owner);
            var written = await fixture.CountEventsAsync() - before;
            if (outcome.Accepted || outcome.Code != code || string.IsNullOrWhiteSpace(outcome.Message) || written != 0 || outcome.Message.Contains("EventSourcedTenancy.", StringComparison.Ordinal))
            {
                failures.Add($"[{label}]: accepted={outcome.Accepted} code={outcome.Code} (expected {code}) written={written} | {outcome.Message}");
            }
        }

        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    [Fact]
    public async Task an_idempotency_key_over_the_queue_returns_the_first_outcome_and_refuses_another_command()
    {
        var world = await Installation.CreateAsync(fixture);
        var key = Guid.NewGuid().ToString();
        var headers = Actor(world.CustomerOwner).Append((BusHeaders.IdempotencyKey, key)).ToList();

        var first = await SendAsync(new CreateWorkspace(world.Customer, "Ops"), headers);
        var afterFirst = await fixture.CountEventsAsync();
        var repeat = await SendAsync(new CreateWorkspace(world.Customer, "Ops"), headers);
        var other = await SendAsync(new CreateWorkspace(world.Customer, "Finance"), headers);
        // The same key from another caller is that caller's own: it is decided, not answered from the first.
        var fromOther = await SendAsync(new CreateWorkspace(world.Customer, "Ops"), Actor(world.Administrator).Append((BusHeaders.IdempotencyKey, key)).ToList());

        first.Accepted.ShouldBeTrue(first.Message);
        repeat.Accepted.ShouldBeTrue(repeat.Message);
        repeat.Repeated.ShouldBeTrue();
        repeat.StreamVersions.ShouldBe(first.StreamVersions);
        other.Accepted.ShouldBeFalse();
        other.Code.ShouldBe("idempotency_key_reused");
        fromOther.Repeated.ShouldBeFalse();
        (await fixture.CountEventsAsync()).ShouldBe(afterFirst + (fromOther.Accepted ? fromOther.Events.Count : 0));
    }

    private async Task PutOnThePostgresqlQueueAgainAsync()
    {
        var world = await Installation.CreateAsync(fixture);
        var settings = fixture.Host.Services.GetRequiredService<ServiceSettings>();
        CommandOutcome? first = null;
        var sent = await fixture.Track().ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async bus =>
            first = await bus.EndpointFor(Queue).InvokeAsync<CommandOutcome>(
                new CreateWorkspace(world.Customer, "Ops"), CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "hostile-tests"), timeout: TimeSpan.FromSeconds(20))));
        first.ShouldNotBeNull().Accepted.ShouldBeTrue(first.Message);
        var envelope = sent.Sent.SingleEnvelope<CreateWorkspace>();
        var afterFirst = await fixture.CountEventsAsync();

        // Handled, the id has left the inbox: a copy of the message is not dropped as a duplicate.
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using (var inbox = new NpgsqlCommand($"select count(*) from {settings.MessageStorageSchema}.wolverine_incoming_envelopes where id = @id", connection))
        {
            inbox.Parameters.AddWithValue("id", envelope.Id);
            ((long)(await inbox.ExecuteScalarAsync())!).ShouldBe(0);
        }

        // The same envelope, same id, put on the queue again (a sender's retry): handled, answered as a repeat, nothing written.
        var again = await fixture.Track().WaitForMessageToBeReceivedAt<CreateWorkspace>(fixture.Host).ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ =>
        {
            await using var insert = new NpgsqlCommand(
                $"insert into {settings.QueueTable(settings.CommandQueue)} (id, body, message_type) values (@id, @body, @type)", connection);
            insert.Parameters.AddWithValue("id", envelope.Id);
            insert.Parameters.AddWithValue("body", EnvelopeSerializer.Serialize(envelope));
            insert.Parameters.AddWithValue("type", envelope.MessageType!);
            await insert.ExecuteNonQueryAsync();
        }));

        again.Executed.SingleEnvelope<CreateWorkspace>().Id.ShouldBe(envelope.Id);
        var reply = again.Sent.MessagesOf<CommandOutcome>().ShouldHaveSingleItem();
        reply.Repeated.ShouldBeTrue();
        reply.StreamVersions.ShouldBe(first.StreamVersions);
        (await fixture.CountEventsAsync()).ShouldBe(afterFirst);
    }

    /// <summary>The hostile messages for one command: its valid form with one thing wrong.</summary>
    private IEnumerable<(string Label, object Command, IReadOnlyList<(string, string)> Headers, string Code)> Cases(EndpointCase endpoint, Installation world)
    {
        var type = CommandCatalog.HttpCommands.Single(c => c.Command.Name == endpoint.Name);
        var valid = ValidCommand(type.Http.Route, endpoint, world);
        var actor = Actor(endpoint.Actor(world));

        foreach (var id in valid.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && Guid.TryParse(v.GetValue<string>(), out _)).Select(p => p.Key).ToList())
        {
            var broken = valid.DeepClone().AsObject();
            broken[id] = Zero;
            yield return ($"{id} all zeros", broken.Deserialize(type.Command, CommandJson.Options)!, actor, "invalid_id");
        }

        var command = valid.Deserialize(type.Command, CommandJson.Options)!;
        (string Header, string Value)[] malformed =
        [
            (BusHeaders.ActorAccount, "root"), (BusHeaders.ActorAccount, Zero), (BusHeaders.ActAs, "root"), (BusHeaders.ExpectedVersion, "three"),
            (BusHeaders.ExpectedVersion, "-1"), (BusHeaders.IdempotencyKey, "not-a-guid"), (BusHeaders.Reason, new string('r', 10_000)),
            (BusHeaders.Reason, "a\u001b[2Jb"), (BusHeaders.SendingService, new string('s', 1_000)),
        ];
        foreach (var (header, value) in malformed)
        {
            var headers = actor.Where(h => h.Item1 != header).Append((header, value)).ToList();
            yield return ($"{header}: {(value.Length > 20 ? value[..20] + "…" : value)}", command, headers, "invalid_header");
        }

        yield return ("no token", command, [], "unauthenticated");
        yield return ("actor-account without a token", command, actor.Where(h => h.Item1 != BusHeaders.Authorization).ToList(), "unauthenticated");
        yield return ("actor-account of another account than the token", command,
            [.. actor.Where(h => h.Item1 != BusHeaders.ActorAccount), (BusHeaders.ActorAccount, (endpoint.Actor(world) == world.Superuser ? world.Viewer : world.Superuser).ToString())],
            "unauthenticated");
        yield return ("an actor that does not exist", command, Actor(Guid.NewGuid()), "unauthenticated");
    }

    /// <summary>The command the endpoint case sends over HTTP, as the bus carries it: route ids and body in one object.</summary>
    private static JsonObject ValidCommand(string route, EndpointCase endpoint, Installation world)
    {
        var json = endpoint.Body(world) is { } body ? JsonSerializer.SerializeToNode(body, Installation.Json)!.AsObject() : new JsonObject();
        var template = route.Split('/');
        var url = endpoint.Url(world).Split('/');
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{'))
            {
                json[template[i].Trim('{', '}')] = url[i];
            }
        }

        return json;
    }

    private List<(string, string)> Actor(Guid account) =>
    [
        (BusHeaders.Authorization, $"Bearer {fixture.Host.Services.GetRequiredService<TokenIssuer>().Mint(account)}"),
        (BusHeaders.ActorAccount, account.ToString()),
        (BusHeaders.SendingService, "hostile-tests"),
    ];

    private async Task<CommandOutcome> SendAsync(object message, IReadOnlyList<(string Name, string Value)> headers)
    {
        var delivery = new DeliveryOptions();
        foreach (var (name, value) in headers)
        {
            delivery.WithHeader(name, value);
        }

        return await fixture.Host.MessageBus().EndpointFor(Queue).InvokeAsync<CommandOutcome>(message, delivery, timeout: TimeSpan.FromSeconds(20));
    }
}

/// <summary>A raw JSON body sent under CreateWorkspace's message type: what a sender with its own serializer might put on the queue.</summary>
[Wolverine.Attributes.MessageIdentity("EventSourcedTenancy.Tenants.CreateWorkspace")]
[JsonConverter(typeof(RawJsonConverter<RawCreateWorkspace>))]
public sealed record RawCreateWorkspace(string Json) : IRawJson;

/// <summary>A raw JSON body sent under ChangeManagementMode's message type.</summary>
[Wolverine.Attributes.MessageIdentity("EventSourcedTenancy.Tenants.ChangeManagementMode")]
[JsonConverter(typeof(RawJsonConverter<RawChangeManagementMode>))]
public sealed record RawChangeManagementMode(string Json) : IRawJson;

public interface IRawJson
{
    string Json { get; }
}

/// <summary>Writes the raw JSON as the message body, unchecked.</summary>
public sealed class RawJsonConverter<T> : JsonConverter<T>
    where T : IRawJson
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
