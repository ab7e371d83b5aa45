using EventSourcedTenancy.Applications;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// The rules of applications (docs/applications.md): what a registration may say, which state each change
/// needs, and how long a rotated-out secret stays valid.
/// </summary>
public static class ApplicationRules
{
    public const int MaxRedirectUris = 20;
    public const int MaxRedirectUriLength = 2000;

    /// <summary>The grace period of a rotated-out secret when the rotation names none.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromHours(24);

    /// <summary>The longest grace period a rotation may give (30 days).</summary>
    public const int MaxGracePeriodHours = 720;

    public static Rejection? Registration(string? name, ApplicationKind kind, IReadOnlyList<string>? redirectUris) =>
        InputValidation.Name(name, "Application name")
        ?? (Enum.IsDefined(kind) ? null : Invalid($"Kind must be one of {string.Join(", ", Enum.GetNames<ApplicationKind>())}."))
        ?? RedirectUris(kind, redirectUris ?? []);

    /// <summary>
    /// Redirect URIs: absolute https addresses without a fragment (http only for a loopback host, as native and
    /// development clients use), no repeats, at most <see cref="MaxRedirectUris"/>; a machine-to-machine client
    /// signs nobody in and has none.
    /// </summary>
    public static Rejection? RedirectUris(ApplicationKind kind, IReadOnlyList<string> uris)
    {
        if (kind == ApplicationKind.MachineToMachine && uris.Count > 0)
        {
            return Invalid("A machine-to-machine application signs nobody in: leave its redirect URIs empty.");
        }

        if (uris.Count > MaxRedirectUris)
        {
            return Invalid($"An application has at most {MaxRedirectUris} redirect URIs.");
        }

        if (uris.Distinct(StringComparer.Ordinal).Count() != uris.Count)
        {
            return Invalid("A redirect URI is listed twice; list each once.");
        }

        foreach (var uri in uris)
        {
            if (!InputValidation.IsSecureUrl(uri, MaxRedirectUriLength, loopbackHttp: true))
            {
                return Invalid($"'{uri}' is not a redirect URI: use an absolute https:// address without a fragment (http:// only for localhost), up to {MaxRedirectUriLength} characters.");
            }
        }

        return null;
    }

    public static Rejection? MustBeLive(Application application) =>
        application.IsDeleted
            ? Rejection.Conflict(RejectionCodes.ApplicationState, "The application is in the recycle bin; restore it first.")
            : null;

    public static Rejection? MustBeDeleted(Application application) =>
        application.IsDeleted ? null : Rejection.Conflict(RejectionCodes.ApplicationState, "The application is not deleted; there is nothing to restore.");

    public static Rejection? MustKeepSecret(Application application) =>
        Application.KeepsSecret(application.Kind)
            ? null
            : Rejection.Conflict(RejectionCodes.PublicClient, $"A {application.Kind} application is a public client and has no secret to rotate.");

    public static Rejection? GracePeriod(int? hours) =>
        hours is null or (>= 0 and <= MaxGracePeriodHours)
            ? null
            : Invalid($"The grace period is between 0 and {MaxGracePeriodHours} hours (30 days).");

    private static Rejection Invalid(string message) => Rejection.Invalid(RejectionCodes.InvalidApplication, message);
}
