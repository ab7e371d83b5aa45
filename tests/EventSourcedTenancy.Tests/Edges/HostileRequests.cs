using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tests.Commands;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Edges;

/// <summary>One malformed or hostile request and the refusal it must get.</summary>
/// <param name="Name">What is wrong with it.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The path and query.</param>
/// <param name="Body">The raw body (null: none).</param>
/// <param name="ContentType">The body's media type.</param>
/// <param name="Headers">Extra headers; a name given twice is sent twice.</param>
/// <param name="Status">The status it must get.</param>
/// <param name="Code">The ProblemDetails code it must carry.</param>
/// <param name="Actor">Who sends it (null: no token).</param>
public sealed record HostileRequest(
    string Name, HttpMethod Method, string Url, string? Body, string ContentType, IReadOnlyList<(string Name, string Value)> Headers,
    int Status, string Code, Guid? Actor)
{
    public override string ToString() => $"{Method} {Url} [{Name}]";
}

/// <summary>
/// Generates the hostile requests for an endpoint from what the service declares: the command's type (from
/// the command catalog) tells each body member's type, so every member gets the attacks of its kind. A new
/// command endpoint with a row in <see cref="EndpointCases"/> is covered without new test code.
/// </summary>
public static class HostileRequests
{
    private const string Zero = "00000000-0000-0000-0000-000000000000";

    /// <summary>Text that must never be stored: control characters, direction overrides, and more than any limit.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> BadText =
    [
        ("NUL", "a\u0000b"), ("BEL", "a\u0007b"), ("ESC", "a\u001b[31mb"), ("newline", "a\nb"), ("TAB", "a\tb"),
        ("U+202E", "a\u202Eb"), ("U+0085", "a\u0085b"), ("10,000 characters", new string('x', 10_000)),
    ];

    public static IEnumerable<HostileRequest> ForCommand(EndpointCase endpoint, Installation world)
    {
        var command = CommandCatalog.HttpCommands.Single(c => c.Command.Name == endpoint.Name);
        var url = endpoint.Url(world);
        var actor = endpoint.Actor(world);
        var valid = endpoint.Body(world) is { } body ? JsonSerializer.SerializeToNode(body, Installation.Json)!.AsObject() : new JsonObject();
        var members = command.Command.GetProperties().ToDictionary(p => Camel(p.Name), p => p, StringComparer.Ordinal);

        HostileRequest Json(string name, string raw, int status = 400, string? code = null, IReadOnlyList<(string, string)>? headers = null) =>
            new(name, endpoint.Method, url, raw, "application/json", headers ?? [], status, code ?? "invalid_body", actor);

        HostileRequest Header(string name, string header, string value, string code = "invalid_header") =>
            Json($"header {name}", valid.ToJsonString(), code: code, headers: [(header, value)]);

        // The body as a whole.
        yield return Json("JSON null body", "null");
        yield return Json("array body", "[]");
        yield return Json("string body", "\"text\"");
        yield return Json("number body", "42");
        yield return Json("truncated JSON", "{\"broken\": ");
        yield return Json("trailing garbage", valid.ToJsonString() + "}");
        yield return Json("unknown member", With(valid, "bogus", 1).ToJsonString(), code: "unknown_field");
        yield return Json("misspelt member", With(valid, "reasn", "x").ToJsonString(), code: "unknown_field");
        yield return new("text/plain body", endpoint.Method, url, valid.ToJsonString(), "text/plain", [], 415, "unsupported_media_type", actor);
        yield return new("form body", endpoint.Method, url, "a=b", "application/x-www-form-urlencoded", [], 415, "unsupported_media_type", actor);

        // The ids in the path.
        foreach (var routeId in RouteIds(command.Http.Route))
        {
            var template = command.Http.Route;
            yield return new($"path {routeId} all zeros", endpoint.Method, Fill(url, template, routeId, Zero), valid.ToJsonString(), "application/json", [], 400, "invalid_id", actor);
            yield return new($"path {routeId} not a UUID", endpoint.Method, Fill(url, template, routeId, "root"), valid.ToJsonString(), "application/json", [], 400, "invalid_id", actor);
            yield return Json($"body {routeId} differs from the path", With(valid, routeId, Guid.NewGuid().ToString()).ToJsonString());
        }

        // Each member of the body, by its type.
        var bodyMembers = CommandEndpoints.BodyMembers(command.Command, command.Http).Where(m => HasParameter(command.Command, m)).Select(Camel).ToList();
        foreach (var name in bodyMembers)
        {
            var property = members[name];
            var maxItems = property.GetCustomAttribute<MaxItemsAttribute>()?.Count ?? CommandShape.MaxListLength;
            foreach (var (attack, raw, code) in MemberAttacks(valid, name, property.PropertyType, IsNullable(property), maxItems))
            {
                yield return Json($"{name}: {attack}", raw, code: code);
            }
        }

        // The metadata headers.
        yield return Header("If-Match not a number", "If-Match", "\"abc\"");
        yield return Header("If-Match empty", "If-Match", "\"\"");
        yield return Header("If-Match overflow", "If-Match", "99999999999999999999");
        yield return Header("If-Match negative", "If-Match", "-1");
        yield return Header("If-Match weak tag", "If-Match", "W/\"1\"");
        yield return Header("X-Expected-Version text", "X-Expected-Version", "three");
        yield return Header("Idempotency-Key not a UUID", "Idempotency-Key", "not-a-guid");
        yield return Header("Idempotency-Key all zeros", "Idempotency-Key", Zero);
        yield return Json("Idempotency-Key twice", valid.ToJsonString(), code: "invalid_header",
            headers: [("Idempotency-Key", Guid.NewGuid().ToString()), ("Idempotency-Key", Guid.NewGuid().ToString())]);
        yield return Header("X-Act-As not a UUID", "X-Act-As", "root");
        yield return Header("X-Act-As all zeros", "X-Act-As", Zero);
        yield return Header("X-Reason too long", "X-Reason", new string('r', 10_000));
        yield return Header("X-Reason escape", "X-Reason", "a\u001b[2Jb");
        yield return Header("X-Correlation-Id too long", "X-Correlation-Id", new string('c', 1_000));
        yield return Header("X-Correlation-Id with an escape", "X-Correlation-Id", "id\u001b[2J");
        yield return Json("If-Match and X-Expected-Version disagree", valid.ToJsonString(), code: "invalid_header",
            headers: [("If-Match", "\"1\""), ("X-Expected-Version", "2")]);

        // The query.
        yield return new("query with a control character", endpoint.Method, url + "?note=%1B", valid.ToJsonString(), "application/json", [], 400, "invalid_query", actor);
        yield return new("query name repeated", endpoint.Method, url + "?a=1&a=2", valid.ToJsonString(), "application/json", [], 400, "invalid_query", actor);
    }

    private static IEnumerable<(string Attack, string Raw, string Code)> MemberAttacks(JsonObject valid, string name, Type type, bool nullable, int maxItems)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (!nullable)
        {
            yield return ("missing", Without(valid, name).ToJsonString(), "missing_field");
            yield return ("null", With(valid, name, null).ToJsonString(), "missing_field");
        }

        var value = valid[name]?.DeepClone() ?? Example(underlying);
        yield return ("given twice, last one different", Twice(valid, name, name, value, Example(underlying, other: true)), "duplicate_field");
        yield return ("given twice in another case", Twice(valid, name, Pascal(name), value, value), "duplicate_field");

        foreach (var (attack, node, code) in ValueAttacks(underlying, maxItems))
        {
            yield return (attack, With(valid, name, node).ToJsonString(), code);
        }
    }

    /// <summary>Values of the wrong kind for a member of <paramref name="type"/>, and the code each gets.</summary>
    private static IEnumerable<(string Attack, JsonNode? Node, string Code)> ValueAttacks(Type type, int maxItems = CommandShape.MaxListLength)
    {
        if (type == typeof(Guid))
        {
            yield return ("all-zero UUID", Zero, "invalid_id");
            yield return ("not a UUID", "root", "invalid_value");
            yield return ("a number", 7, "invalid_value");
            yield return ("an object", new JsonObject(), "invalid_value");
        }
        else if (type == typeof(string))
        {
            foreach (var (name, text) in BadText)
            {
                yield return (name, text, "invalid_text");
            }

            yield return ("a number", 7, "invalid_value");
            yield return ("an array", new JsonArray("x"), "invalid_value");
        }
        else if (type == typeof(bool))
        {
            yield return ("the string yes", "yes", "invalid_value");
            yield return ("the number 1", 1, "invalid_value");
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            yield return ("a fraction", 12.5, "invalid_value");
            yield return ("beyond 64 bits", JsonNode.Parse("99999999999999999999999"), "invalid_value");
            yield return ("a string", "twelve", "invalid_value");
        }
        else if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            yield return ("a number", 1, "invalid_enum");
            yield return ("a number as text", "1", "invalid_enum");
            yield return ("an unknown name", "Bogus", "invalid_enum");
            yield return ("two names joined by a comma", string.Join(",", names.Take(2)), "invalid_enum");
            yield return ("an empty name", "", "invalid_enum");
        }
        else if (ElementOf(type) is { } element)
        {
            yield return ("not an array", "x", "invalid_value");
            yield return ("a null item", new JsonArray((JsonNode?)null), "invalid_value");
            yield return ($"{maxItems + 1} items", new JsonArray([.. Enumerable.Range(0, maxItems + 1).Select(_ => Example(Nullable.GetUnderlyingType(element) ?? element))]), "invalid_value");
            foreach (var (attack, node, code) in ValueAttacks(Nullable.GetUnderlyingType(element) ?? element).Take(2))
            {
                yield return ($"an item: {attack}", new JsonArray(node), code);
            }
        }
        else if (type.IsClass)
        {
            yield return ("a string", "x", "invalid_value");
            yield return ("an array", new JsonArray(), "invalid_value");
            var nested = type.GetProperties().Where(p => p.SetMethod is not null || HasParameter(type, p.Name)).ToList();
            var sample = Example(type).AsObject();
            yield return ("an object with an unknown member", With(sample, "bogus", 1), "unknown_field");
            foreach (var member in nested)
            {
                var memberType = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
                foreach (var (attack, node, code) in ValueAttacks(memberType).Take(3))
                {
                    yield return ($"{Camel(member.Name)}: {attack}", With(sample, Camel(member.Name), node), code);
                }
            }
        }
    }

    /// <summary>A valid value of <paramref name="type"/> (another one with <paramref name="other"/>).</summary>
    private static JsonNode Example(Type type, bool other = false)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(Guid) => Guid.CreateVersion7().ToString(),
            _ when underlying == typeof(string) => other ? "other" : "text",
            _ when underlying == typeof(bool) => other,
            _ when underlying == typeof(int) || underlying == typeof(long) => other ? 13 : 12,
            _ when underlying.IsEnum => Enum.GetNames(underlying)[other ? 1 : 0],
            _ when ElementOf(underlying) is { } element => new JsonArray(Example(element, other)),
            _ => ExampleObject(underlying, other),
        };
    }

    private static JsonObject ExampleObject(Type type, bool other)
    {
        var result = new JsonObject();
        foreach (var parameter in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters())
        {
            result[Camel(parameter.Name!)] = Nullable.GetUnderlyingType(parameter.ParameterType) is not null ? null : Example(parameter.ParameterType, other);
        }

        // A value for the first member, so a record of all-optional members is not empty.
        var first = result.FirstOrDefault(p => p.Value is null).Key;
        if (first is not null)
        {
            var parameter = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters().First(p => Camel(p.Name!) == first);
            result[first] = Example(parameter.ParameterType, other);
        }

        return result;
    }

    private static bool HasParameter(Type type, string name) =>
        type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)));

    private static Type? ElementOf(Type type) =>
        type == typeof(string) ? null : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;

    private static JsonObject With(JsonObject valid, string name, JsonNode? value)
    {
        var copy = valid.DeepClone().AsObject();
        copy[name] = value;
        return copy;
    }

    private static JsonObject Without(JsonObject valid, string name)
    {
        var copy = valid.DeepClone().AsObject();
        copy.Remove(name);
        return copy;
    }

    /// <summary>The body with <paramref name="name"/> written twice (JsonObject cannot hold a repeated key).</summary>
    private static string Twice(JsonObject valid, string name, string secondName, JsonNode first, JsonNode second)
    {
        var without = Without(valid, name).ToJsonString();
        var head = $"\"{name}\":{first.ToJsonString()},\"{secondName}\":{second.ToJsonString()}";
        return without == "{}" ? "{" + head + "}" : "{" + head + "," + without[1..];
    }

    private static IEnumerable<string> RouteIds(string template) =>
        template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));

    /// <summary>The URL with the segment that <paramref name="routeId"/> fills replaced.</summary>
    private static string Fill(string url, string template, string routeId, string value)
    {
        var segments = url.Split('/');
        var index = Array.IndexOf(template.Split('/'), "{" + routeId + "}");
        segments[index] = value;
        return string.Join('/', segments);
    }

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
