using System.Text;
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
        };
    }

    public const string MissingKeyMessage =
        "No token signing key is configured: set Auth__SigningKey to a secret of at least 32 characters " +
        "(the Development environment ships one in appsettings.Development.json).";

    public bool HasUsableKey => SigningKey is { Length: >= 32 };

    public SymmetricSecurityKey RequireKey() =>
        HasUsableKey
            ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey!))
            : throw new InvalidOperationException(MissingKeyMessage);

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidateIssuer = true,
        ValidIssuer = Issuer,
        ValidateAudience = true,
        ValidAudience = Audience,
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = RequireKey(),
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = ActorClaims.Name,
    };
}
