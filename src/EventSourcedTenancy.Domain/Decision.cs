using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy;

/// <summary>Which aggregate a stream holds, so the handler knows what to start or append to.</summary>
public enum StreamKind
{
    Tenant,
    Account,
    Application,
}

/// <summary>An event to append to one stream. <see cref="StartsStream"/> is true for an aggregate's first event.</summary>
public sealed record PendingEvent(Guid StreamId, StreamKind Stream, object Event)
{
    public bool StartsStream => Event is TenantCreated or AdminInvited or AdminCreated or UserCreated or ApplicationRegistered;

    public static PendingEvent ForTenant(Guid tenantId, object @event) => new(tenantId, StreamKind.Tenant, @event);

    public static PendingEvent ForAccount(Guid accountId, object @event) => new(accountId, StreamKind.Account, @event);

    public static PendingEvent ForApplication(Guid applicationId, object @event) => new(applicationId, StreamKind.Application, @event);
}

/// <summary>A client secret to return to the caller once, and the public key to encrypt it to, if the caller gave one.</summary>
public sealed record IssuedSecret(string Value, string? RecipientKey)
{
    public override string ToString() => "IssuedSecret { Value = ***, RecipientKey = " + (RecipientKey is null ? "none" : "given") + " }";
}

/// <summary>A secret to keep sealed under <paramref name="Id"/> (encrypted with the installation's key), or to destroy when <paramref name="Value"/> is null.</summary>
public sealed record SealedSecretChange(Guid Id, Guid TenantId, string? Value)
{
    public override string ToString() => $"SealedSecretChange {{ Id = {Id}, TenantId = {TenantId}, Value = {(Value is null ? "destroy" : "***")} }}";
}

/// <summary>
/// The outcome of a command: accepted with the events to append (each naming its stream; zero events
/// means "already so", nothing to write), or rejected. A rejection never carries events.
/// </summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<PendingEvent> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<PendingEvent> Events { get; }

    /// <summary>A client secret issued by the decision: returned once to the caller, never stored (its events hold its hash).</summary>
    public IssuedSecret? IssuedSecret { get; private init; }

    /// <summary>Secrets the decision seals (a value) or destroys (null), kept apart from the events (docs/federation.md).</summary>
    public IReadOnlyList<SealedSecretChange> SealedSecrets { get; private init; } = [];

    /// <summary>The same acceptance, also sealing or destroying these secrets.</summary>
    public Decision WithSealedSecrets(params IEnumerable<SealedSecretChange> changes) =>
        IsAccepted ? new Decision(Events, null) { IssuedSecret = IssuedSecret, SealedSecrets = [.. SealedSecrets, .. changes] } : this;

    /// <summary>The same acceptance, with the secret to return to the caller (encrypted to <paramref name="recipientKey"/> when given).</summary>
    public Decision WithIssuedSecret(string secret, string? recipientKey) =>
        IsAccepted ? new Decision(Events, null) { IssuedSecret = new IssuedSecret(secret, recipientKey), SealedSecrets = SealedSecrets } : this;

    public Rejection? Rejection { get; }

    public bool IsAccepted => Rejection is null;

    public static Decision Accept(params IEnumerable<PendingEvent> events) => new([.. events], null);

    public static Decision Reject(Rejection rejection) => new([], rejection);

    public static implicit operator Decision(Rejection rejection) => Reject(rejection);

    /// <summary>The streams this decision appends to, in first-appearance order.</summary>
    public IReadOnlyList<Guid> Streams => [.. Events.Select(e => e.StreamId).Distinct()];

    public IReadOnlyList<object> EventsFor(Guid streamId) =>
        [.. Events.Where(e => e.StreamId == streamId).Select(e => e.Event)];

    public override string ToString() =>
        IsAccepted
            ? $"Accepted: {string.Join(", ", Events.Select(e => e.Event.GetType().Name))}"
            : $"Rejected: {Rejection}";
}

/// <summary>How a transport should present a rejection.</summary>
public enum RejectionKind
{
    /// <summary>The actor lacks the authority (HTTP 403).</summary>
    Forbidden,
    /// <summary>The current state does not allow it (HTTP 409).</summary>
    Conflict,
    /// <summary>Something the command names does not exist (HTTP 404).</summary>
    NotFound,
    /// <summary>The command itself is malformed (HTTP 400).</summary>
    Invalid,
}

/// <summary>A refusal: a stable <see cref="Code"/>, a sentence a person can act on, and its kind.</summary>
public sealed record Rejection(string Code, string Message, RejectionKind Kind)
{
    public static Rejection Forbidden(string code, string message) => new(code, message, RejectionKind.Forbidden);

    public static Rejection Conflict(string code, string message) => new(code, message, RejectionKind.Conflict);

    public static Rejection NotFound(string code, string message) => new(code, message, RejectionKind.NotFound);

    public static Rejection Invalid(string code, string message) => new(code, message, RejectionKind.Invalid);

    public override string ToString() => $"{Kind} {Code}: {Message}";
}
