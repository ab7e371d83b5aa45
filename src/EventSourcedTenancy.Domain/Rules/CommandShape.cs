using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// The rules every value of every command obeys, whatever the command (docs/input.md). They hold before any
/// command-specific rule and before anything is read, over HTTP, the bus and the command line alike:
/// <list type="bullet">
/// <item>no id is the empty UUID;</item>
/// <item>no text is longer than <see cref="MaxTextLength"/> or holds a control character (NUL, line breaks,
/// tabs, escapes, U+0085) or a bidirectional override (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F), and no
/// text has a broken surrogate pair;</item>
/// <item>no list has more than <see cref="MaxListLength"/> items (a bulk command's list: its <see cref="MaxItemsAttribute"/>)
/// or a missing (null) item;</item>
/// <item>every enum value is one of its names.</item>
/// </list>
/// </summary>
public static class CommandShape
{
    public const int MaxTextLength = InputValidation.MaxReasonLength;
    public const int MaxListLength = 100;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Members = new();

    /// <summary>The first value of <paramref name="command"/> that breaks a rule above, as a rejection naming its field.</summary>
    public static Rejection? Check(object command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CheckObject(command, prefix: null, depth: 0);
    }

    /// <summary>The rule on one piece of text (also used for headers and query values).</summary>
    public static Rejection? Text(string? value, string field, int maxLength = MaxTextLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return Rejection.Invalid(RejectionCodes.InvalidText, $"'{field}' is {value.Length} characters long; at most {maxLength} are allowed.");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return Rejection.Invalid(RejectionCodes.InvalidText, $"'{field}' holds a broken character at position {i + 1}; send valid Unicode text.");
            }

            if (char.IsControl(c) || IsBidiControl(c))
            {
                return Rejection.Invalid(RejectionCodes.InvalidText,
                    $"'{field}' holds the control character U+{(int)c:X4} at position {i + 1}; send plain text on one line, without control or direction-override characters.");
            }
        }

        return null;
    }

    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static Rejection? CheckObject(object value, string? prefix, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        foreach (var member in Members.GetOrAdd(value.GetType(), PositionalMembers))
        {
            var field = prefix is null ? Camel(member.Name) : $"{prefix}.{Camel(member.Name)}";
            var maxItems = member.GetCustomAttributes(typeof(MaxItemsAttribute), false) is [MaxItemsAttribute bulk] ? bulk.Count : MaxListLength;
            if (CheckValue(member.GetValue(value), field, depth, maxItems) is { } rejection)
            {
                return rejection;
            }
        }

        return null;
    }

    private static Rejection? CheckValue(object? value, string field, int depth, int maxItems = MaxListLength) => value switch
    {
        null => null,
        Guid id when id == Guid.Empty => Rejection.Invalid(RejectionCodes.InvalidId, $"'{field}' is the empty UUID (all zeros); send the id of the thing you mean."),
        Guid => null,
        string text => Text(text, field),
        Enum e when !Enum.IsDefined(e.GetType(), e) =>
            Rejection.Invalid(RejectionCodes.InvalidEnum, $"'{field}': '{e}' is not one of {string.Join(", ", Enum.GetNames(e.GetType()))}."),
        Enum => null,
        IEnumerable items => CheckItems(items, field, depth, maxItems),
        _ when value.GetType().IsPrimitive || value is decimal or DateTimeOffset or DateTime or TimeSpan => null,
        _ => CheckObject(value, field, depth + 1),
    };

    private static Rejection? CheckItems(IEnumerable items, string field, int depth, int maxItems)
    {
        var index = 0;
        foreach (var item in items)
        {
            if (index >= maxItems)
            {
                return Rejection.Invalid(RejectionCodes.InvalidValue, $"'{field}' has more than {maxItems} items; send at most {maxItems}.");
            }

            var itemField = string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");
            if (item is null)
            {
                return Rejection.Invalid(RejectionCodes.InvalidValue, $"'{itemField}' is null; leave missing items out of the list.");
            }

            if (CheckValue(item, itemField, depth + 1) is { } rejection)
            {
                return rejection;
            }

            index++;
        }

        return null;
    }

    /// <summary>The members a record is built from: the properties its widest constructor sets.</summary>
    private static PropertyInfo[] PositionalMembers(Type type)
    {
        var parameters = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?.GetParameters() ?? [];
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        return [.. parameters
            .Select(p => properties.FirstOrDefault(x => string.Equals(x.Name, p.Name, StringComparison.Ordinal)))
            .OfType<PropertyInfo>()];
    }

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
