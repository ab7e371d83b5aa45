using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// The one strict JSON contract of commands, over HTTP and the bus alike (docs/input.md):
/// <list type="bullet">
/// <item>a member whose type is not nullable must be present and not null; a nullable one may be left out;</item>
/// <item>a member the command does not have is refused (a typo must not fall back to a default);</item>
/// <item>a member given twice is refused, whatever its case;</item>
/// <item>enum values are their names only: no numbers, no comma-joined combinations.</item>
/// </list>
/// A body that breaks a rule is described in the caller's terms (the field, what is allowed), with a stable code.
/// </summary>
public static partial class CommandJson
{
    // NullabilityInfoContext is not thread-safe; type infos may be configured concurrently.
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly Lock NullabilityLock = new();

    public static readonly JsonSerializerOptions Options = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Makes <paramref name="options"/> strict (for the bus serializer and the HTTP binding).</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowDuplicateProperties = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.PropertyNameCaseInsensitive = true;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireNonNullable } };
        foreach (var loose in options.Converters.OfType<JsonStringEnumConverter>().ToList())
        {
            options.Converters.Remove(loose);
        }

        options.Converters.Insert(0, new EnumNames());
        return options;
    }

    /// <summary>A member whose type is not nullable is required: leaving it out is an error, never a default.</summary>
    private static void RequireNonNullable(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var member in type.Properties)
        {
            if ((member.AssociatedParameter is not null || member.Set is not null)
                && member.AttributeProvider is PropertyInfo property && !IsNullable(property))
            {
                member.IsRequired = true;
            }
        }
    }

    private static bool IsNullable(PropertyInfo property)
    {
        lock (NullabilityLock)
        {
            return Nullability.Create(property).ReadState == NullabilityState.Nullable;
        }
    }

    /// <summary>A JSON error of a body meant for <paramref name="target"/>, in words a caller can act on.</summary>
    /// <param name="error">What the serializer said.</param>
    /// <param name="target">The command the body was meant for.</param>
    /// <param name="body">The body as parsed, when it parsed: tells a null apart from a value of the wrong type.</param>
    public static Rejection Describe(JsonException error, Type target, JsonNode? body = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(target);
        var field = FieldOf(error.Path);
        var message = error.Message;
        if (field is not null && body is not null && IsNullAt(body, error.Path!) && !message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return field.EndsWith(']')
                ? Rejection.Invalid(RejectionCodes.InvalidValue, $"'{field}' is null; leave missing items out of the list.")
                : Rejection.Invalid(RejectionCodes.MissingField, $"'{field}' may not be null; send a value.");
        }
        if (error is EnumNameException named)
        {
            return Rejection.Invalid(RejectionCodes.InvalidEnum, $"{Where(field)}{named.Message}");
        }

        if (Missing().Match(message) is { Success: true } missing)
        {
            var names = string.Join(", ", missing.Groups["names"].Captures.Select(c => $"'{c.Value}'"));
            var inside = field is null ? string.Empty : $" in '{field}'";
            return Rejection.Invalid(RejectionCodes.MissingField, $"Required field {names}{inside} is missing; send it (null is not a value for it).");
        }

        if (Unknown().Match(message) is { Success: true } unknown)
        {
            return Rejection.Invalid(RejectionCodes.UnknownField,
                $"'{unknown.Groups["name"].Value}' is not a field of {target.Name}; check its spelling (fields: {string.Join(", ", FieldNames(target))}).");
        }

        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return Rejection.Invalid(RejectionCodes.DuplicateField, $"'{field}' is given more than once; send each field once.");
        }

        if (message.Contains("doesn't allow null values", StringComparison.Ordinal) || message.Contains("null values", StringComparison.Ordinal))
        {
            return Rejection.Invalid(RejectionCodes.MissingField, $"'{field}' may not be null; send a value.");
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return Rejection.Invalid(RejectionCodes.InvalidValue, $"{Where(field)}the value has the wrong type or format{Expected(target, error.Path)}.");
        }

        return Rejection.Invalid(RejectionCodes.InvalidBody, $"The body is not valid JSON{(field is null ? string.Empty : $" near '{field}'")}; send one JSON object with the command's fields.");
    }

    /// <summary>Whether the body holds a JSON null at <paramref name="path"/> (like $.a.b[0]; names matched without regard to case).</summary>
    private static bool IsNullAt(JsonNode body, string path)
    {
        JsonNode? node = body;
        foreach (Match step in PathStep().Matches(path))
        {
            if (node is null)
            {
                return false;
            }

            if (step.Groups["index"].Success)
            {
                var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (node is not JsonArray array || index >= array.Count)
                {
                    return false;
                }

                node = array[index];
            }
            else
            {
                var name = step.Groups["name"].Value;
                if (node is not JsonObject obj)
                {
                    return false;
                }

                var found = obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
                if (found.Key is null)
                {
                    return false;
                }

                node = found.Value;
            }
        }

        return node is null;
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();

    private static string Where(string? field) => field is null ? string.Empty : $"'{field}': ";

    private static string? FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The members a body may carry: the constructor's parameters.</summary>
    private static IEnumerable<string> FieldNames(Type type) =>
        (type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?.GetParameters() ?? [])
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!));

    /// <summary>What the field at <paramref name="path"/> expects, when it can be told.</summary>
    private static string Expected(Type target, string? path)
    {
        var type = target;
        foreach (var segment in (path ?? "$").TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Split('[')[0];
            var property = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return string.Empty;
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (segment.Contains('[', StringComparison.Ordinal) && ElementOf(type) is { } element)
            {
                type = Nullable.GetUnderlyingType(element) ?? element;
            }
        }

        return type switch
        {
            _ when type == typeof(Guid) => ": a UUID such as 0196a1c2-7c1e-7a10-9d2f-3c4b5a697801",
            _ when type == typeof(string) => ": a string",
            _ when type == typeof(bool) => ": true or false",
            _ when type == typeof(int) || type == typeof(long) => ": a whole number",
            _ when type.IsEnum => $": one of {string.Join(", ", Enum.GetNames(type))}",
            _ when ElementOf(type) is not null => ": a JSON array",
            _ when type.IsClass => ": a JSON object",
            _ => string.Empty,
        };
    }

    private static Type? ElementOf(Type type) =>
        type == typeof(string) ? null : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    [GeneratedRegex(@"missing required properties including: (?:'(?<names>[^']+)'(?:, )?)+")]
    private static partial Regex Missing();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex Unknown();

    /// <summary>An enum value that is not one of the names.</summary>
    private sealed class EnumNameException(string message) : JsonException(message);

    /// <summary>Enums as their names only, matched without regard to case; numbers and combinations are refused.</summary>
    private sealed class EnumNames : JsonConverterFactory
    {
        private static readonly ConcurrentDictionary<Type, JsonConverter> Converters = new();

        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            Converters.GetOrAdd(typeToConvert, t => (JsonConverter)Activator.CreateInstance(typeof(Names<>).MakeGenericType(t))!);

        private sealed class Names<TEnum> : JsonConverter<TEnum>
            where TEnum : struct, Enum
        {
            private static readonly string Allowed = string.Join(", ", Enum.GetNames<TEnum>());

            public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new EnumNameException($"a number or other non-text value is not accepted; use one of {Allowed}.");
                }

                var text = reader.GetString();
                var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                if (name is null)
                {
                    var shown = text is { Length: > 40 } ? text[..40] + "…" : text;
                    throw new EnumNameException($"'{Sanitized(shown)}' is not one of {Allowed}.");
                }

                return Enum.Parse<TEnum>(name);
            }

            public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
            {
                ArgumentNullException.ThrowIfNull(writer);
                writer.WriteStringValue(value.ToString());
            }

            public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                Read(ref reader, typeToConvert, options);

            public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
            {
                ArgumentNullException.ThrowIfNull(writer);
                writer.WritePropertyName(value.ToString());
            }
        }
    }

    /// <summary>Text from the caller, safe to echo in a message: control characters shown as '?'.</summary>
    public static string Sanitized(string? text) =>
        new((text ?? string.Empty).Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? '?' : c).ToArray());
}
