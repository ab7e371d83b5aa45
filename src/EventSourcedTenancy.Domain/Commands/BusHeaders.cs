namespace EventSourcedTenancy.Commands;

/// <summary>
/// The message headers a service sets when it sends a command over the bus. The actor is never taken from
/// the command's body.
/// </summary>
public static class BusHeaders
{
    /// <summary>The acting account's id (required).</summary>
    public const string ActorAccount = "actor-account";

    /// <summary>With impersonation (docs/seeds.md, seed 004): the superuser account to act as.</summary>
    public const string ActAs = "act-as";

    /// <summary>The sending service's name, kept in the audit trail.</summary>
    public const string SendingService = "sending-service";

    /// <summary>Optional free text, kept in the audit trail.</summary>
    public const string Reason = "reason";

    /// <summary>The version of the target stream the sender saw; a different current version is a conflict.</summary>
    public const string ExpectedVersion = "expected-version";
}
