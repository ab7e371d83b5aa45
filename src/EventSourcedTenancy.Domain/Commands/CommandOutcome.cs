using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// The reply to every command, over the bus and in HTTP bodies: accepted with the new version of each
/// stream it wrote to, or rejected with a code and a sentence a person can act on. A command that issues a
/// secret (an application's client secret, an audit stream's signing secret) carries it once: in
/// <see cref="Secret"/>, or encrypted to the public key the command gave in <see cref="EncryptedSecret"/>
/// (RSA-OAEP with SHA-256, base64), or, over the bus without a key, as the address in <see cref="SecretPickup"/>
/// where the sending account takes it once over HTTPS; a repeat of the command carries none of them.
/// </summary>
public sealed record CommandOutcome(
    bool Accepted,
    IReadOnlyDictionary<Guid, long> StreamVersions,
    IReadOnlyList<string> Events,
    string? Code,
    string? Message,
    RejectionKind? Kind,
    bool Repeated = false,
    string? Secret = null,
    string? EncryptedSecret = null,
    string? SecretPickup = null)
{
    /// <summary>The id of the stream the command created or primarily changed, when there is one.</summary>
    public Guid? StreamId => StreamVersions.Count > 0 ? StreamVersions.Keys.First() : null;

    public static CommandOutcome Accept(IReadOnlyDictionary<Guid, long> versions, IReadOnlyList<string> events) =>
        new(true, versions, events, null, null, null);

    public static CommandOutcome Reject(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return new(false, new Dictionary<Guid, long>(), [], rejection.Code, rejection.Message, rejection.Kind);
    }

    public static CommandOutcome Unauthenticated() => Reject(new Rejection(
        RejectionCodes.Unauthenticated, "The request carries no valid identity: send a bearer token (HTTP) or the actor-account header (bus).", RejectionKind.Forbidden));

    public static CommandOutcome Conflict(string message) =>
        Reject(Rejection.Conflict(RejectionCodes.ConcurrentChange, message));

    /// <summary>The caller's expected version is not the target's current one.</summary>
    public static CommandOutcome StaleVersion(long expected) => Conflict(
        $"The target changed since version {expected}: read it again, check the change still makes sense, and resend with the new version.");
}
