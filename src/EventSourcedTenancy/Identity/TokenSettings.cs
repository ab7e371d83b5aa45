using System.Text;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedTenancy.Identity;

/// <summary>
/// How callers' JWT bearer tokens are checked. Tokens come from the identity provider; in development the
/// service mints its own with the `token` command, signed with the same key.
/// </summary>
public sealed record TokenSettings
{
    public const string Section = "Auth";

    /// <summary>Symmetric signing key (HMAC-SHA256), at least 32 characters.</summary>
    public string? SigningKey { get; init; }

    public string Issuer { get; init; } = "event-sourced-tenancy";

    public string Audience { get; init; } = "event-sourced-tenancy";

    /// <summary>
    /// An OpenID Connect provider whose tokens are accepted too (its issuer address, such as
    /// https://login.example.com/realms/tenancy): its signing keys and issuer come from its discovery document
    /// ({Authority}/.well-known/openid-configuration), fetched and refreshed as the provider rotates them.
    /// </summary>
    public string? Authority { get; init; }

    /// <summary>The provider's discovery document only over HTTPS (false only for a provider on this machine, in tests).</summary>
    public bool RequireHttpsMetadata { get; init; } = true;

    /// <summary>Lifetime of a token minted by the `token` command.</summary>
    public TimeSpan DevelopmentTokenLifetime { get; init; } = TimeSpan.FromHours(8);

    public static TokenSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new TokenSettings();
        return new TokenSettings
        {
            SigningKey = section["SigningKey"],
            Issuer = section["Issuer"] ?? defaults.Issuer,
            Audience = section["Audience"] ?? defaults.Audience,
            DevelopmentTokenLifetime = section.GetValue("DevelopmentTokenLifetime", defaults.DevelopmentTokenLifetime),
            Authority = string.IsNullOrWhiteSpace(section["Authority"]) ? null : section["Authority"]!.TrimEnd('/'),
            RequireHttpsMetadata = section.GetValue("RequireHttpsMetadata", defaults.RequireHttpsMetadata),
        };
    }

    /// <summary>The provider's configuration, shared by HTTP and the bus and cached (one per authority).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> Providers = new();

    private ConfigurationManager<OpenIdConnectConfiguration>? Provider =>
        Authority is { } authority
            ? Providers.GetOrAdd($"{authority}|{RequireHttpsMetadata}", _ => new ConfigurationManager<OpenIdConnectConfiguration>(
                $"{authority}/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = RequireHttpsMetadata }))
            : null;

    public const string MissingKeyMessage =
        "No token signing key is configured: set Auth__SigningKey to a secret of at least 32 characters " +
        "(the Development environment ships one in appsettings.Development.json).";

    public bool HasUsableKey => SigningKey is { Length: >= 32 };

    public SymmetricSecurityKey RequireKey() =>
        HasUsableKey
            ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey!))
            : throw new InvalidOperationException(MissingKeyMessage);

    /// <summary>
    /// Tokens signed with the service's own key under <see cref="Issuer"/>, and, with an <see cref="Authority"/>,
    /// tokens of that provider (its keys and issuer from its discovery document). Either way the audience is
    /// <see cref="Audience"/> and the 'sub' claim names the acting account.
    /// </summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidateIssuer = true,
        ValidIssuers = Authority is { } authority ? [Issuer, authority] : [Issuer],
        ValidateAudience = true,
        ValidAudience = Audience,
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = RequireKey(),
        ConfigurationManager = Provider,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = ActorClaims.Name,
    };
}
