namespace EventSourcedTenancy.Identity;

/// <summary>
/// The keys a service outside the Development environment must have: a token signing key and, when
/// installation over HTTP is wanted, a bootstrap key (and, to keep federation client secrets, a sealing key), each at least <see cref="MinimumLength"/> characters
/// and neither one of the keys published in appsettings.Development.json (anyone can read those).
/// </summary>
public static class KeyPolicy
{
    public const int MinimumLength = 32;

    /// <summary>The keys appsettings.Development.json publishes; never accepted outside Development.</summary>
    public static readonly IReadOnlySet<string> PublishedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "development-only-signing-key-change-me-0123456789",
        "development-installation-key",
        "development-only-sealing-key-change-me-0123456789",
    };

    /// <summary>Why the service must not start with this configuration, or null.</summary>
    public static string? Problem(IConfiguration configuration, bool development)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var signing = configuration["Auth:SigningKey"];
        if (signing is not { Length: >= MinimumLength })
        {
            return TokenSettings.MissingKeyMessage;
        }

        if (development)
        {
            return null;
        }

        if (PublishedKeys.Contains(signing))
        {
            return "Auth:SigningKey is the key published in appsettings.Development.json; outside Development set Auth__SigningKey to a secret of your own " +
                $"(at least {MinimumLength} characters; `dotnet cake --target=Run` creates one in .data/keys/).";
        }

        if (!string.IsNullOrWhiteSpace(configuration["Auth:Authority"]) && string.Equals(configuration["Auth:RequireHttpsMetadata"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return "Auth:RequireHttpsMetadata is false: outside Development the identity provider's keys are fetched over HTTPS only; " +
                "give Auth:Authority an https:// address and remove Auth__RequireHttpsMetadata.";
        }

        var sealing = configuration["Secrets:SealingKey"];
        if (sealing is not null && (sealing.Length < MinimumLength || PublishedKeys.Contains(sealing)))
        {
            return $"Secrets:SealingKey must be a secret of at least {MinimumLength} characters that is not published in appsettings.Development.json; " +
                "set Secrets__SealingKey to one (`dotnet cake --target=Run` creates one in .data/keys/), or leave it unset to keep no federation client secrets.";
        }

        var bootstrap = configuration["Installation:BootstrapKey"];
        if (bootstrap is not null && (bootstrap.Length < MinimumLength || PublishedKeys.Contains(bootstrap)))
        {
            return $"Installation:BootstrapKey must be a secret of at least {MinimumLength} characters that is not published in appsettings.Development.json; " +
                "set Installation__BootstrapKey to one, or leave it unset to install only from the command line (`dotnet run -- install`).";
        }

        return null;
    }
}
