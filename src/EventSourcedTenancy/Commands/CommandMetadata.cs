using System.Globalization;
using EventSourcedTenancy.Identity;
using Wolverine;

namespace EventSourcedTenancy.Commands;

/// <summary>Where a command came from; recorded with every event it causes.</summary>
public enum CommandSource
{
    Http,
    Bus,
    CommandLine,

    /// <summary>The service's own bookkeeping (for example ending impersonation sessions that ran out).</summary>
    System,
}

/// <summary>
/// Everything about a command that is not the command itself: who sends it, as whom, why, and how it
/// relates to other messages. It travels as the message headers named in <see cref="BusHeaders"/>, whether
/// the command came over the bus or was handed over by an HTTP endpoint; never in the command's body.
/// </summary>
/// <param name="ActorAccountId">The authenticated account that acts (null: unauthenticated).</param>
/// <param name="ActAsAccountId">With impersonation (seed 004): the superuser account to act as.</param>
/// <param name="SendingService">The service that sent a bus command, or the HTTP client's name.</param>
/// <param name="Source">HTTP, bus or command line.</param>
/// <param name="CommandId">Identifies this command for repeats: the idempotency key, or the bus message id. A repeat appends nothing.</param>
/// <param name="CorrelationId">Ties together everything one request caused.</param>
/// <param name="CausationId">The message or request that caused this command.</param>
/// <param name="Reason">Optional free text, kept in the audit trail.</param>
/// <param name="ExpectedVersion">The version of the target stream the caller saw; a different one is a conflict.</param>
public sealed record CommandMetadata(
    Guid? ActorAccountId,
    Guid? ActAsAccountId,
    string? SendingService,
    CommandSource Source,
    Guid? CommandId,
    string? CorrelationId,
    string? CausationId,
    string? Reason,
    long? ExpectedVersion)
{
    /// <summary>The HTTP header that makes a command idempotent; the other HTTP headers are <see cref="BusHeaders"/> with an X- prefix.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// The metadata of a bus message, or why its headers are refused: a header that is present must be well
    /// formed (<see cref="HeaderRules"/>); a malformed one is never ignored.
    /// </summary>
    public static (CommandMetadata Metadata, Rejection? Problem) FromEnvelope(Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        string? Header(string name) => envelope.Headers.TryGetValue(name, out var value) ? value : null;
        var problem = HeaderRules.Check((name, rule) => rule(name, Header(name)), BusRules)
            ?? HeaderRules.CorrelationId(BusHeaders.CorrelationId, Header(BusHeaders.CorrelationId) ?? envelope.CorrelationId);
        var source = Enum.TryParse<CommandSource>(Header(BusHeaders.Source), out var handedOver) ? handedOver : CommandSource.Bus;
        var metadata = new CommandMetadata(
            HeaderRules.ParseId(Header(BusHeaders.ActorAccount)),
            HeaderRules.ParseId(Header(BusHeaders.ActAs)),
            Header(BusHeaders.SendingService) ?? envelope.Source,
            source,
            HeaderRules.ParseId(Header(BusHeaders.IdempotencyKey)) ?? (source == CommandSource.Bus ? envelope.Id : null),
            Header(BusHeaders.CorrelationId) ?? envelope.CorrelationId,
            envelope.ConversationId == Guid.Empty ? null : envelope.ConversationId.ToString(),
            Header(BusHeaders.Reason),
            HeaderRules.ParseVersion(Header(BusHeaders.ExpectedVersion)));
        return (metadata, problem);
    }

    private static readonly (string Name, Func<string, string?, Rejection?> Rule)[] BusRules =
    [
        (BusHeaders.ActorAccount, HeaderRules.Id),
        (BusHeaders.ActAs, HeaderRules.Id),
        (BusHeaders.IdempotencyKey, HeaderRules.Id),
        (BusHeaders.ExpectedVersion, HeaderRules.Version),
        (BusHeaders.Reason, HeaderRules.Reason),
        (BusHeaders.SendingService, HeaderRules.ServiceName),
        (BusHeaders.Source, HeaderRules.Source),
    ];

    /// <summary>The metadata of an HTTP request whose headers <see cref="HeaderRules.CheckHttp"/> accepted.</summary>
    public static CommandMetadata FromHttp(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        string? Header(string name) => http.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
        return new CommandMetadata(
            ActorClaims.AccountId(http.User),
            HeaderRules.ParseId(Header(HeaderRules.ActAsHeader)),
            http.User.FindFirst(ActorClaims.Service)?.Value,
            CommandSource.Http,
            HeaderRules.ParseId(Header(IdempotencyKeyHeader)),
            Header(HeaderRules.CorrelationIdHeader) ?? http.TraceIdentifier,
            http.TraceIdentifier,
            Header(HeaderRules.ReasonHeader),
            HeaderRules.ParseVersion(Header(HeaderRules.IfMatchHeader)) ?? HeaderRules.ParseVersion(Header(HeaderRules.ExpectedVersionHeader)));
    }

    /// <summary>The headers that carry this metadata to the command's handler.</summary>
    public DeliveryOptions ToDelivery()
    {
        var options = new DeliveryOptions();
        void Set(string name, string? value)
        {
            if (value is not null)
            {
                options.WithHeader(name, value);
            }
        }

        Set(BusHeaders.ActorAccount, ActorAccountId?.ToString());
        Set(BusHeaders.ActAs, ActAsAccountId?.ToString());
        Set(BusHeaders.SendingService, SendingService);
        Set(BusHeaders.Source, Source == CommandSource.Bus ? null : Source.ToString());
        Set(BusHeaders.IdempotencyKey, CommandId?.ToString());
        Set(BusHeaders.CorrelationId, CorrelationId);
        Set(BusHeaders.Reason, Reason);
        Set(BusHeaders.ExpectedVersion, ExpectedVersion?.ToString(CultureInfo.InvariantCulture));
        return options;
    }

    /// <summary>
    /// The headers a bus sender sets (see samples/): the bearer token of the account it acts for, which proves
    /// who acts, and its own name.
    /// </summary>
    public static DeliveryOptions Delivery(string bearerToken, string sendingService, string? reason = null, long? expectedVersion = null, Guid? actAs = null)
    {
        var options = new CommandMetadata(null, actAs, sendingService, CommandSource.Bus, null, null, null, reason, expectedVersion).ToDelivery();
        options.WithHeader(BusHeaders.Authorization, $"Bearer {bearerToken}");
        return options;
    }
}
