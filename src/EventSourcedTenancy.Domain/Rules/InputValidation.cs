using System.Text.RegularExpressions;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Malformed input is rejected in the domain, so a bus command gets the same Invalid rejection an
/// HTTP request does.
/// </summary>
public static partial class InputValidation
{
    public const int MaxEmailLength = 254;
    public const int MaxPersonNameLength = 100;
    public const int MaxNameLength = 200;
    public const int MaxReasonLength = 500;

    public static Rejection? Email(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return Rejection.Invalid(RejectionCodes.InvalidEmail, "Email is required; enter the person's email address.");
        }

        return email.Length > MaxEmailLength || !EmailShape().IsMatch(email)
            ? Rejection.Invalid(RejectionCodes.InvalidEmail, $"'{email}' is not an email address; enter one like name@example.com.")
            : null;
    }

    public static Rejection? PersonName(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? Rejection.Invalid(RejectionCodes.InvalidName, $"{field} is required.")
            : value.Length > MaxPersonNameLength
                ? Rejection.Invalid(RejectionCodes.InvalidName, $"{field} is longer than {MaxPersonNameLength} characters; shorten it.")
                : null;

    public static Rejection? Name(string? value, string field, int maxLength = MaxNameLength) =>
        string.IsNullOrWhiteSpace(value)
            ? Rejection.Invalid(RejectionCodes.InvalidName, $"{field} is required.")
            : value.Length > maxLength
                ? Rejection.Invalid(RejectionCodes.InvalidName, $"{field} is longer than {maxLength} characters; shorten it.")
                : value != value.Trim()
                    ? Rejection.Invalid(RejectionCodes.InvalidName, $"{field} starts or ends with spaces; remove them.")
                    : null;

    public static Rejection? Reason(string? reason) =>
        reason is { Length: > MaxReasonLength }
            ? Rejection.Invalid(RejectionCodes.InvalidText, $"The reason is longer than {MaxReasonLength} characters; shorten it.")
            : null;

    public static Rejection? Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? null : Rejection.Invalid(RejectionCodes.InvalidText, $"{field} '{value}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// An absolute https:// address without user info or fragment, up to <paramref name="maxLength"/> characters;
    /// with <paramref name="loopbackHttp"/>, http:// too for this machine (development and native clients).
    /// </summary>
    public static bool IsSecureUrl(string? value, int maxLength, bool loopbackHttp) =>
        value is not null && value.Length <= maxLength && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (loopbackHttp && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && uri.UserInfo.Length == 0 && uri.Fragment.Length == 0;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailShape();
}
