using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Integration.V1;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tests.Infrastructure;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Util;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>
/// The AsyncAPI document at /asyncapi.json describes the bus as it is: every command, the reply and every
/// integration event under the name that travels with it, and schemas that real messages satisfy and that
/// refuse what the service refuses.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class the_bus_contract_document(ServiceFixture fixture)
{
    [Fact]
    public async Task is_served_without_a_token_and_names_every_command_reply_and_integration_event_as_the_wire_does()
    {
        var document = await DocumentAsync();
        ((string?)document["asyncapi"]).ShouldBe("3.0.0");
        var channels = document["channels"].ShouldNotBeNull();
        Keys(channels["commands"]!["messages"]).ShouldBe(CommandCatalog.Commands.Select(t => t.Name), ignoreOrder: true);
        Keys(channels["integrationEvents"]!["messages"]).ShouldBe(IntegrationContract.Messages.Select(t => t.Name), ignoreOrder: true);
        Keys(channels["replies"]!["messages"]).ShouldBe([nameof(CommandOutcome)]);

        var messages = document["components"]!["messages"]!.AsObject();
        foreach (var type in CommandCatalog.Commands.Concat(IntegrationContract.Messages).Append(typeof(CommandOutcome)))
        {
            var message = messages[type.Name].ShouldNotBeNull($"no message {type.Name}");
            ((string?)message["name"]).ShouldBe(type.ToMessageTypeName(), $"{type.Name} travels under another name");
        }

        foreach (var command in CommandCatalog.Commands)
        {
            ((string?)messages[command.Name]!["headers"]!["$ref"]).ShouldBe("#/components/schemas/CommandHeaders");
        }

        var headers = Keys(document["components"]!["schemas"]!["CommandHeaders"]!["properties"]);
        headers.ShouldBe(typeof(BusHeaders).GetFields().Where(f => f.IsLiteral && f.Name != nameof(BusHeaders.Source))
            .Select(f => (string)f.GetRawConstantValue()!), ignoreOrder: true);

        var codes = document["info"]!["x-rejection-codes"]!.AsArray().Select(c => (string)c!).ToList();
        codes.ShouldBe(codes.Order(StringComparer.Ordinal));
        codes.ShouldBeUnique();
        codes.ShouldContain("unauthenticated");
        codes.ShouldContain("concurrent_change");
        codes.ShouldContain("tenant_not_found");
        codes.ShouldContain("account_not_found");
        codes.ShouldContain("unknown_actor");
        foreach (var code in typeof(RejectionCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!))
        {
            codes.ShouldContain(code);
        }

        // Every reference points at something in the document.
        foreach (var reference in References(document))
        {
            Resolve(document, reference).ShouldNotBeNull($"{reference} points at nothing");
        }
    }

    /// <summary>
    /// Every refusal in the source names its code through <see cref="RejectionCodes"/>, so the contract's list of codes
    /// (built from it) holds every code a caller can meet: no string literal as a code anywhere.
    /// </summary>
    [Fact]
    public void every_refusal_in_the_source_takes_its_code_from_the_published_list()
    {
        var literal = new System.Text.RegularExpressions.Regex(@"Rejection\.\w+\(\s*""|new(\s+Rejection)?\(\s*""[a-z_]+""\s*,[^;]*RejectionKind\.");
        var files = Directory.EnumerateFiles(Path.Combine(Repository.Root(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        files.Count.ShouldBeGreaterThan(50);
        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, n) => (File: Path.GetFileName(f), Line: n + 1, Text: line)))
            .Where(l => literal.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        offenders.ShouldBeEmpty();
        literal.IsMatch("Rejection.NotFound(\"tenant_not_found\", message)").ShouldBeTrue("the pattern finds a literal code");
        literal.IsMatch("new(\"unauthenticated\", message, RejectionKind.Forbidden)").ShouldBeTrue("the pattern finds a literal code");
    }

    [Fact]
    public async Task every_example_command_satisfies_its_schema_and_the_schema_refuses_what_the_bus_refuses()
    {
        var document = await DocumentAsync();
        OpenApiExamples.Requests.Count.ShouldBeGreaterThan(10);
        var enumsSeen = 0;
        foreach (var (type, example) in OpenApiExamples.Requests)
        {
            var schema = SchemaOf(document, type.Name);
            var body = JsonSerializer.SerializeToNode(example, type, CommandJson.Options).ShouldNotBeNull().AsObject();
            Evaluate(schema, body).ShouldBeTrue($"the example {type.Name} does not satisfy its schema: {body.ToJsonString()}");

            var unknown = (JsonObject)body.DeepClone();
            unknown["unexpected"] = 1;
            ShouldBothRefuse(schema, unknown, type, "an unknown member");

            var required = CommandJson.Options.GetTypeInfo(type).Properties.Where(p => p.IsRequired).Select(p => p.Name).ToList();
            required.ShouldNotBeEmpty(type.Name);
            foreach (var member in required)
            {
                var missing = (JsonObject)body.DeepClone();
                missing.Remove(member);
                ShouldBothRefuse(schema, missing, type, $"no {member}");
            }

            var enums = body.Where(m => m.Value is JsonValue && EnumOf(type, m.Key) is not null).ToList();
            enumsSeen += enums.Count;
            foreach (var (name, value) in enums)
            {
                var numbered = (JsonObject)body.DeepClone();
                numbered[name] = 1;
                ShouldBothRefuse(schema, numbered, type, $"{name} as a number (was {value})");
            }
        }

        enumsSeen.ShouldBeGreaterThan(3, "the examples should have enum members to try as numbers");
    }

    [Fact]
    public async Task real_replies_and_the_integration_events_of_real_streams_satisfy_their_schemas()
    {
        var document = await DocumentAsync();
        var world = await Installation.CreateAsync(fixture);
        var settings = fixture.Host.Services.GetRequiredService<ServiceSettings>();
        var bus = fixture.Host.MessageBus().EndpointFor(settings.CommandQueueUri);
        var token = CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "tests");

        var accepted = await bus.InvokeAsync<CommandOutcome>(
            new InviteAdmin(world.Customer, $"schema-{Guid.NewGuid():N}@example.com", "Sam", "Schema", RoleRef.Of(SystemRole.Viewer), null, null),
            token, timeout: TimeSpan.FromSeconds(20));
        var rejected = await bus.InvokeAsync<CommandOutcome>(
            new InviteAdmin(world.Customer, "not an email", "Sam", "Schema", RoleRef.Of(SystemRole.Viewer), null, null),
            token, timeout: TimeSpan.FromSeconds(20));
        accepted.Accepted.ShouldBeTrue(accepted.Message);
        rejected.Code.ShouldBe(RejectionCodes.InvalidEmail);
        var outcome = SchemaOf(document, nameof(CommandOutcome));
        foreach (var reply in new[] { accepted, rejected })
        {
            var json = JsonSerializer.SerializeToNode(reply, CommandJson.Options);
            Evaluate(outcome, json).ShouldBeTrue($"the reply {json!.ToJsonString()} does not satisfy its schema");
        }

        // Every published event of the installation's streams, as the relay turns it into its message.
        await using var session = fixture.Store.QuerySession();
        var seen = new HashSet<string>();
        foreach (var stream in new[] { world.Customer, world.CustomerOwner, world.Invited, world.InactiveAdmin, world.DeletedAdmin, world.User, accepted.StreamId!.Value })
        {
            foreach (var stored in await session.Events.FetchStreamAsync(stream))
            {
                var message = IntegrationContract.Translate(stored.Data, new EventFacts(
                    stored.Id, stored.StreamId, stored.Version, stored.Sequence, stored.Timestamp, stored.CorrelationId));
                if (message is null)
                {
                    continue;
                }

                var json = JsonSerializer.SerializeToNode(message, message.GetType(), CommandJson.Options);
                Evaluate(SchemaOf(document, message.GetType().Name), json).ShouldBeTrue($"{json!.ToJsonString()} does not satisfy the schema of {message.GetType().Name}");
                seen.Add(message.GetType().Name);
            }
        }

        string[] expected = ["TenantCreated", "AdminCreated", "AdminInvited", "UserCreated", "AccountSetInactive", "AccountSetDeleted"];
        expected.Except(seen).ShouldBeEmpty("events of these types were expected on the installation's streams");
    }

    private static Type? EnumOf(Type type, string member)
    {
        var property = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, member, StringComparison.OrdinalIgnoreCase));
        var propertyType = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return propertyType is { IsEnum: true } ? propertyType : null;
    }

    private static void ShouldBothRefuse(JsonSchema schema, JsonObject body, Type type, string what)
    {
        Evaluate(schema, body).ShouldBeFalse($"the schema of {type.Name} takes a body with {what}: {body.ToJsonString()}");
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize(body.ToJsonString(), type, CommandJson.Options), $"the bus takes {type.Name} with {what}");
    }

    private static bool Evaluate(JsonSchema schema, JsonNode? instance) =>
        schema.Evaluate(JsonDocument.Parse(instance?.ToJsonString() ?? "null").RootElement).IsValid;

    private static JsonSchema SchemaOf(JsonNode document, string name) =>
        JsonSchema.FromText(document["components"]!["schemas"]![name].ShouldNotBeNull($"no schema {name}").ToJsonString());

    private static List<string> Keys(JsonNode? node) => [.. node.ShouldNotBeNull().AsObject().Select(p => p.Key)];

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [(string)v!] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static JsonNode? Resolve(JsonNode document, string reference)
    {
        reference.ShouldStartWith("#/");
        JsonNode? node = document;
        foreach (var segment in reference[2..].Split('/'))
        {
            node = node?[segment];
        }

        return node;
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.Get.Url(BusContractDocument.Path);
            s.StatusCodeShouldBeOk();
        });
        return JsonNode.Parse(await result.ReadAsTextAsync()).ShouldNotBeNull();
    }
}
