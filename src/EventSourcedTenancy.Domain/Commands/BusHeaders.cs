namespace EventSourcedTenancy.Commands;

/// <summary>
/// The message headers that carry a command's metadata over the bus. The actor is never taken from the
/// command's body. The HTTP endpoints send the same headers when they hand a command to the pipeline.
/// </summary>
public static class BusHeaders
{
    /// <summary>'Bearer &lt;token&gt;': the token of the account the command acts for (required on the bus).</summary>
    public const string Authorization = "authorization";

    /// <summary>The acting account's id: optional on the bus, and then it must be the token's own account.</summary>
    public const string ActorAccount = "actor-account";

    /// <summary>With impersonation (docs/seeds.md, seed 004): the superuser account to act as.</summary>
    public const string ActAs = "act-as";

    /// <summary>The sending service's name, kept in the audit trail.</summary>
    public const string SendingService = "sending-service";

    /// <summary>Optional free text, kept in the audit trail.</summary>
    public const string Reason = "reason";

    /// <summary>The version of the target stream the sender saw; a different current version is a conflict.</summary>
    public const string ExpectedVersion = "expected-version";

    /// <summary>Identifies the command for repeats: a repeat returns the first outcome and appends nothing (default: the message id).</summary>
    public const string IdempotencyKey = "idempotency-key";

    /// <summary>
    /// Where the command entered: Http or CommandLine when handed over inside the service; absent for the bus. Not
    /// named "source": a broker carries Wolverine's own envelope fields as headers, and "source" is one of them.
    /// </summary>
    public const string Source = "command-source";

    /// <summary>Ties together everything one request caused.</summary>
    public const string CorrelationId = "correlation-id";
}
