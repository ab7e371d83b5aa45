using System.Globalization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// What the metadata headers must look like, over HTTP (checked for every request before any endpoint
/// runs) and on the bus (checked by the command handler before anything is read). A header that is present
/// and malformed is refused with <c>invalid_header</c> and a message naming the header and what it accepts;
/// it is never ignored.
/// </summary>
public static class HeaderRules
{
    public const string ActAsHeader = "X-" + BusHeaders.ActAs;
    public const string ReasonHeader = "X-" + BusHeaders.Reason;
    public const string ExpectedVersionHeader = "X-" + BusHeaders.ExpectedVersion;
    public const string CorrelationIdHeader = "X-Correlation-Id";
    public const string IfMatchHeader = "If-Match";

    public const int MaxCorrelationIdLength = 200;
    public const int MaxServiceNameLength = 100;

    private static readonly (string Name, Func<string, string?, Rejection?> Rule)[] HttpRules =
    [
        (CommandMetadata.IdempotencyKeyHeader, Id),
        (ActAsHeader, Id),
        (IfMatchHeader, Version),
        (ExpectedVersionHeader, Version),
        (ReasonHeader, Reason),
        (CorrelationIdHeader, CorrelationId),
    ];

    /// <summary>Refuses a request whose metadata headers are malformed or given more than once.</summary>
    public static Rejection? CheckHttp(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Check(
            (name, rule) => headers.TryGetValue(name, out var values)
                ? values.Count > 1
                    ? Rejection.Invalid(RejectionCodes.InvalidHeader, $"The {name} header is given {values.Count} times; send it once.")
                    : rule(name, values.ToString())
                : null,
            HttpRules)
            ?? BothVersions(headers);
    }

    private static Rejection? BothVersions(IHeaderDictionary headers) =>
        headers.TryGetValue(IfMatchHeader, out var ifMatch) && headers.TryGetValue(ExpectedVersionHeader, out var expected)
        && ParseVersion(ifMatch.ToString()) != ParseVersion(expected.ToString())
            ? Rejection.Invalid(RejectionCodes.InvalidHeader, $"{IfMatchHeader} and {ExpectedVersionHeader} name different versions; send one of them.")
            : null;

    public static Rejection? Check(
        Func<string, Func<string, string?, Rejection?>, Rejection?> apply, IEnumerable<(string Name, Func<string, string?, Rejection?> Rule)> rules)
    {
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var (name, rule) in rules)
        {
            if (apply(name, rule) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>An id: a UUID, not the empty one.</summary>
    public static Rejection? Id(string header, string? value) =>
        value is null || ParseId(value) is not null
            ? null
            : Rejection.Invalid(RejectionCodes.InvalidHeader, $"The {header} header must be a UUID such as 0196a1c2-7c1e-7a10-9d2f-3c4b5a697801 (not all zeros); got '{Shown(value)}'.");

    /// <summary>A stream version: a whole number from 0, bare or in double quotes (an entity tag); * means any.</summary>
    public static Rejection? Version(string header, string? value) =>
        value is null || value.Trim() == "*" || ParseVersion(value) is not null
            ? null
            : Rejection.Invalid(RejectionCodes.InvalidHeader,
                $"The {header} header must be the stream version you read, a whole number from 0 (for example \"3\" or 3); got '{Shown(value)}'.");

    public static Rejection? Reason(string header, string? value) => Text(header, value, InputValidation.MaxReasonLength);

    public static Rejection? CorrelationId(string header, string? value) =>
        value is { Length: 0 }
            ? Rejection.Invalid(RejectionCodes.InvalidHeader, $"The {header} header is empty; leave it out or send an id.")
            : Text(header, value, MaxCorrelationIdLength);

    public static Rejection? ServiceName(string header, string? value) => Text(header, value, MaxServiceNameLength);

    /// <summary>Where a handed-over command entered; only the names of <see cref="CommandSource"/>.</summary>
    public static Rejection? Source(string header, string? value) =>
        value is null || Enum.GetNames<CommandSource>().Contains(value, StringComparer.Ordinal)
            ? null
            : Rejection.Invalid(RejectionCodes.InvalidHeader, $"The {header} header must be one of {string.Join(", ", Enum.GetNames<CommandSource>())}.");

    private static Rejection? Text(string header, string? value, int maxLength) =>
        CommandShape.Text(value, header, maxLength) is { } problem
            ? Rejection.Invalid(RejectionCodes.InvalidHeader, $"The {header} header is not accepted: {problem.Message}")
            : null;

    public static Guid? ParseId(string? value) =>
        Guid.TryParse(value, out var id) && id != Guid.Empty ? id : null;

    public static long? ParseVersion(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
        }

        return text.Length is > 0 and <= 18 && text.All(char.IsAsciiDigit)
            ? long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
    }

    private static string Shown(string value) => CommandJson.Sanitized(value.Length > 60 ? value[..60] + "…" : value);
}
