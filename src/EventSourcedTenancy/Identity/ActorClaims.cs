using System.Security.Claims;

namespace EventSourcedTenancy.Identity;

/// <summary>The claims this service reads from a caller's token. Authority is decided by the domain, not by claims.</summary>
public static class ActorClaims
{
    /// <summary>The acting account's id.</summary>
    public const string Subject = "sub";

    public const string Name = "name";

    /// <summary>Set on tokens that services (not people) use.</summary>
    public const string Service = "svc";

    public static Guid? AccountId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(Subject)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;
}
