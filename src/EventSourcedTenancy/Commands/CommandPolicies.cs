using JasperFx.Core;
using JasperFx;

using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// What happens when a command loses a race between its read and its commit (a stream moved on, a new
/// stream's id or a unique email was claimed first, the same command id was stored first): Wolverine runs
/// the handler again from a fresh read, a few times with growing pauses. The fresh read then settles it:
/// the change is decided again, the repeat returns the first outcome, or the caller's expected version no
/// longer matches (409). Still losing after the last try is a 409 <c>concurrent_change</c>.
/// </summary>
public static class CommandPolicies
{
    public static readonly TimeSpan[] Pauses =
        [2.Milliseconds(), 5.Milliseconds(), 10.Milliseconds(), 20.Milliseconds(), 40.Milliseconds(), 80.Milliseconds(), 160.Milliseconds()];

    public const string GaveUp = "The data changed several times while this command was decided; send it again.";

    public static void ConfigureCommandRetries(this WolverineOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Policies.OnException(IsRace).RetryWithCooldown(Pauses)
            .Then.CustomAction(
                async (_, lifecycle, _) => await lifecycle.RespondToSenderAsync(CommandOutcome.Conflict(GaveUp)),
                "Reply with concurrent_change");
    }

    /// <summary>Lost a race: a stream moved on, a new stream's id was taken, or a unique value was claimed first.</summary>
    public static bool IsRace(Exception e) =>
        e is ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException or DocumentAlreadyExistsException
        || Flatten(e).Any(x => x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation });

    private static IEnumerable<Exception> Flatten(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
