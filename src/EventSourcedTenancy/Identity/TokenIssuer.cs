using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedTenancy.Identity;

/// <summary>Mints tokens signed with the configured key: for development and tests, never a replacement for the identity provider.</summary>
public sealed class TokenIssuer(TokenSettings settings, TimeProvider clock)
{
    public string Mint(Guid accountId, string? name = null, TimeSpan? lifetime = null)
    {
        var now = clock.GetUtcNow();
        var claims = new List<Claim> { new(ActorClaims.Subject, accountId.ToString()) };
        if (!string.IsNullOrWhiteSpace(name))
        {
            claims.Add(new Claim(ActorClaims.Name, name));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? settings.DevelopmentTokenLifetime)).UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.RequireKey(), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
