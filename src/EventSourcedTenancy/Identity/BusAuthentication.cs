using EventSourcedTenancy.Rules;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedTenancy.Identity;

/// <summary>
/// Who sends a command over the bus: the bearer token in its <c>authorization</c> header, checked exactly as
/// over HTTP (signature, issuer, audience, lifetime). A sending service forwards the token of the person or
/// service it acts for; the token's subject is the acting account. An <c>actor-account</c> header, when
/// given, must name that same account: the headers alone prove nothing.
/// </summary>
public sealed class BusAuthentication(TokenSettings settings)
{
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly Lazy<TokenValidationParameters> parameters = new(settings.ValidationParameters);

    /// <summary>The acting account and the sending service's name from the token, or why the message is refused.</summary>
    public async Task<(Guid? Account, string? Service, Rejection? Problem)> AuthenticateAsync(string? authorization, Guid? claimedActor)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || authorization.Length == scheme.Length)
        {
            return (null, null, Refused(
                "A bus command needs the authorization header 'Bearer <token>': the token of the account it acts for, forwarded by the sending service. The actor-account header alone is not accepted."));
        }

        var result = await handler.ValidateTokenAsync(authorization[scheme.Length..].Trim(), parameters.Value);
        if (!result.IsValid)
        {
            return (null, null, Refused(result.Exception is SecurityTokenExpiredException
                ? "The bearer token in the authorization header has expired; send a current one."
                : "The bearer token in the authorization header is not valid for this service; send a token it issued or trusts."));
        }

        var subject = result.Claims.TryGetValue(ActorClaims.Subject, out var sub) && Guid.TryParse(sub?.ToString(), out var id) ? id : (Guid?)null;
        if (subject is null)
        {
            return (null, null, Refused("The bearer token names no account (its 'sub' claim is not an account id)."));
        }

        if (claimedActor is { } claimed && claimed != subject)
        {
            return (null, null, Refused("The actor-account header names another account than the bearer token; leave it out or send the token's own account."));
        }

        var service = result.Claims.TryGetValue(ActorClaims.Service, out var svc) ? svc?.ToString() : null;
        return (subject, service, null);
    }

    private static Rejection Refused(string message) => new(RejectionCodes.Unauthenticated, message, RejectionKind.Forbidden);
}
