using JasperFx.Core;
using JasperFx;

using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// What happens when a command loses a race between its read and its commit (a stream moved on, a new
/// stream's id or a unique email was claimed first, the same command id was stored first): Wolverine runs
/// the handler again from a fresh read, a few times with growing pauses. The fresh read then settles it:
/// the change is decided again, the repeat returns the first outcome, or the caller's expected version no
/// longer matches (409). Still losing after the last try: over HTTP a 409 <c>concurrent_change</c> (the caller
/// is waiting); a bus message is tried again after growing random pauses, up to <see cref="BusAttempts"/>
/// attempts in all (a burst of commands on one stream settles this way), and only then is answered with
/// <c>concurrent_change</c> (when the sender waits for a reply) and kept as a dead letter with the reason: never
/// dropped in silence.
/// </summary>
public static class CommandPolicies
{
    public static readonly TimeSpan[] Pauses =
        [2.Milliseconds(), 5.Milliseconds(), 10.Milliseconds(), 20.Milliseconds(), 40.Milliseconds(), 80.Milliseconds(), 160.Milliseconds()];

    public const string GaveUp = "The data changed several times while this command was decided; send it again.";

    /// <summary>How many times a bus message that keeps losing races is tried before it is dead-lettered.</summary>
    public const int BusAttempts = 50;

    public static void ConfigureCommandRetries(this WolverineOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        // The action after the cooldown retries applies to every later attempt too (a bus message retried in its
        // delivery fails again with attempt 9, 10, ...), not to the eighth alone.
        opts.Policies.OnException(IsRace).RetryWithCooldown(Pauses)
            .Then.ContinueWith(new LostRace());
    }

    private sealed class LostRace : IContinuationSource
    {
        public string Description => "Retry a bus message after a growing pause; reply with concurrent_change, and dead-letter a bus message after its last attempt";

        public IContinuation Build(Exception ex, Envelope envelope) => new GiveUp(ex);
    }

    private sealed class GiveUp(Exception exception) : IContinuation
    {
        public ValueTask ExecuteAsync(IEnvelopeLifecycle lifecycle, IWolverineRuntime runtime, DateTimeOffset now, System.Diagnostics.Activity? activity) =>
            GiveUpAsync(lifecycle, exception);
    }

    private static async ValueTask GiveUpAsync(IEnvelopeLifecycle lifecycle, Exception exception)
    {
        var envelope = lifecycle.Envelope!;
        if (!CommandOrigin.ArrivedOverTransport(envelope))
        {
            await lifecycle.RespondToSenderAsync(CommandOutcome.Conflict(GaveUp));
            return;
        }

        if (envelope.Attempts < BusAttempts)
        {
            // Tried again within the same delivery, after a random pause that grows with the attempts and spreads
            // the retries of a burst that raced for the same stream. Not put back on the queue: with RabbitMQ that
            // publishes a copy (and acknowledges the original), which a broker restart would lose.
            await Task.Delay(Random.Shared.Next(5, Math.Min(500, 20 + (10 * envelope.Attempts))));
            await lifecycle.RetryExecutionNowAsync();
            return;
        }

        if (envelope.ReplyUri is not null)
        {
            await lifecycle.RespondToSenderAsync(CommandOutcome.Conflict(GaveUp));
        }

        await lifecycle.MoveToDeadLetterQueueAsync(new CommandGaveUpException(
            $"The command lost the race for its streams on each of its {envelope.Attempts} attempts and was not applied; " +
            "send it again (with the same idempotency key, a repeat is answered with the first outcome).", exception));
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

/// <summary>The reason kept with a bus command that was dead-lettered after losing every race for its streams.</summary>
public sealed class CommandGaveUpException(string message, Exception inner) : Exception(message, inner);
