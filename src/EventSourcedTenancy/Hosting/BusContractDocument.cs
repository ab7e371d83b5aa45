using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Integration.V1;
using EventSourcedTenancy.Rules;
using Wolverine.Util;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// The bus contract as an AsyncAPI 3.0 document, served at <see cref="Path"/>: every command the service takes,
/// the reply it sends back, every integration event it publishes, their JSON Schemas (made from the real types
/// with the bus serializer's own rules), the command headers and the rejection codes (docs/contract.md).
/// </summary>
public static class BusContractDocument
{
    public const string Path = "/asyncapi.json";

    /// <summary>The headers a command may carry (docs/input.md has their rules).</summary>
    private static readonly (string Name, string Description, bool Required)[] CommandHeaders =
    [
        (BusHeaders.Authorization, "'Bearer <token>': the token of the account the command acts for.", true),
        (BusHeaders.ActorAccount, "The acting account's id; when present it must be the token's own account.", false),
        (BusHeaders.ActAs, "With impersonation: the superuser account to act as.", false),
        (BusHeaders.SendingService, "The sending service's name, kept in the audit trail.", false),
        (BusHeaders.Reason, "Free text kept in the audit trail.", false),
        (BusHeaders.ExpectedVersion, "The version of the target stream the sender saw; another current version is a conflict.", false),
        (BusHeaders.IdempotencyKey, "Identifies the command for repeats (default: the message id); a repeat is answered with the first outcome.", false),
        (BusHeaders.CorrelationId, "Ties together everything one request caused.", false),
    ];

    public static IEndpointRouteBuilder MapBusContract(this IEndpointRouteBuilder app)
    {
        var document = new Lazy<string>(() => Build(app.ServiceProvider.GetRequiredService<ServiceSettings>()).ToJsonString());
        app.MapGet(Path, () => Results.Text(document.Value, "application/json"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    public static JsonObject Build(ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var schemas = new JsonObject();
        var messages = new JsonObject();

        JsonObject Add(Type type, string? summary, bool isCommand)
        {
            schemas.Add(type.Name, SchemaOf(type));
            var message = new JsonObject
            {
                ["name"] = type.ToMessageTypeName(),
                ["title"] = type.Name,
                ["contentType"] = "application/json",
                ["payload"] = new JsonObject { ["$ref"] = $"#/components/schemas/{type.Name}" },
            };
            if (summary is not null)
            {
                message["summary"] = summary;
            }

            if (isCommand)
            {
                message["headers"] = new JsonObject { ["$ref"] = "#/components/schemas/CommandHeaders" };
            }

            messages.Add(type.Name, message);
            return new JsonObject { ["$ref"] = $"#/components/messages/{type.Name}" };
        }

        var commands = new JsonObject();
        foreach (var command in CommandCatalog.Commands)
        {
            commands[command.Name] = Add(command, command.GetCustomAttribute<HttpCommandAttribute>()?.Summary, isCommand: true);
        }

        var events = new JsonObject();
        foreach (var message in IntegrationContract.Messages)
        {
            events[message.Name] = Add(message, null, isCommand: false);
        }

        var replies = new JsonObject { [nameof(CommandOutcome)] = Add(typeof(CommandOutcome), "The outcome of a command: accepted with the new stream versions, or rejected with a code.", isCommand: false) };
        schemas.Add("CommandHeaders", HeadersSchema());

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "EventSourcedTenancy bus",
                ["version"] = IntegrationContract.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["description"] = "Commands to the service and their replies, and the integration events it publishes. " +
                    "Message names travel in Wolverine's message-type header (RabbitMQ: the message's type property).",
                ["x-rejection-codes"] = new JsonArray([.. RejectionCodeList().Select(c => (JsonNode)c)]),
            },
            ["defaultContentType"] = "application/json",
            ["channels"] = new JsonObject
            {
                ["commands"] = new JsonObject
                {
                    ["address"] = settings.CommandQueue,
                    ["description"] = "The command queue: a durable RabbitMQ queue, or the PostgreSQL queue table of that name.",
                    ["messages"] = commands,
                },
                ["replies"] = new JsonObject
                {
                    ["address"] = null,
                    ["description"] = "The reply queue of the sending instance, named in the command's reply-uri.",
                    ["messages"] = replies,
                },
                ["integrationEvents"] = new JsonObject
                {
                    ["address"] = settings.IntegrationExchange,
                    ["description"] = "RabbitMQ: the fanout exchange each subscriber binds its own queue to. PostgreSQL: the queue "
                        + "integration-events-<subscriber> per name in Bus:Subscribers.",
                    ["messages"] = events,
                },
            },
            ["operations"] = new JsonObject
            {
                ["handleCommand"] = new JsonObject
                {
                    ["action"] = "receive",
                    ["channel"] = new JsonObject { ["$ref"] = "#/channels/commands" },
                    ["messages"] = new JsonArray([.. commands.Select(c => (JsonNode)new JsonObject { ["$ref"] = $"#/channels/commands/messages/{c.Key}" })]),
                    ["reply"] = new JsonObject
                    {
                        ["channel"] = new JsonObject { ["$ref"] = "#/channels/replies" },
                        ["messages"] = new JsonArray(new JsonObject { ["$ref"] = $"#/channels/replies/messages/{nameof(CommandOutcome)}" }),
                    },
                },
                ["publishIntegrationEvent"] = new JsonObject
                {
                    ["action"] = "send",
                    ["channel"] = new JsonObject { ["$ref"] = "#/channels/integrationEvents" },
                    ["messages"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject { ["$ref"] = $"#/channels/integrationEvents/messages/{e.Key}" })]),
                },
            },
            ["components"] = new JsonObject { ["schemas"] = schemas, ["messages"] = messages },
        };
    }

    /// <summary>Every stable rejection code a reply or ProblemDetails can carry, in order.</summary>
    public static IReadOnlyList<string> RejectionCodeList() =>
    [
        .. typeof(RejectionCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>
    /// The JSON Schema of <paramref name="type"/> as the bus serializer reads and writes it: names in camel case, every
    /// member of a type that is not nullable required, no member the type does not have, enums as their names.
    /// </summary>
    public static JsonNode SchemaOf(Type type) =>
        CommandJson.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                // Required exactly when the serializer requires it (the exporter also counts every constructor
                // parameter, though a nullable one may be left out).
                if (context.PropertyInfo is null && context.TypeInfo.Kind == JsonTypeInfoKind.Object && node is JsonObject type)
                {
                    type.Remove("required");
                    var required = context.TypeInfo.Properties.Where(p => p.IsRequired).Select(p => (JsonNode)p.Name).ToArray();
                    if (required.Length > 0)
                    {
                        type["required"] = new JsonArray(required);
                    }
                }

                var enumType = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
                if (!enumType.IsEnum)
                {
                    return node;
                }

                var nullable = Nullable.GetUnderlyingType(context.TypeInfo.Type) is not null
                    || context.PropertyInfo is { IsGetNullable: true };
                var names = new JsonArray([.. Enum.GetNames(enumType).Select(n => (JsonNode)n)]);
                if (nullable)
                {
                    names.Add(null);
                }

                return new JsonObject
                {
                    ["type"] = nullable ? new JsonArray("string", "null") : "string",
                    ["enum"] = names,
                };
            },
        });

    private static JsonObject HeadersSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(CommandHeaders.Select(h => KeyValuePair.Create(h.Name, (JsonNode?)new JsonObject
        {
            ["type"] = "string",
            ["description"] = h.Description,
        }))),
        ["required"] = new JsonArray([.. CommandHeaders.Where(h => h.Required).Select(h => (JsonNode)h.Name)]),
    };
}
