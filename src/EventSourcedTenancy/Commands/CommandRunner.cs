using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using Wolverine;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// Runs one command: load, decide, append, in one transaction, for HTTP and the bus alike.
/// <list type="bullet">
/// <item>A rejection writes nothing.</item>
/// <item>The audit envelope (actor, acted-as, effective role, tenant, source, reason, correlation, causation)
/// goes into every event's metadata.</item>
/// <item>A repeated command id returns the first outcome and appends nothing.</item>
/// <item>A concurrent change to a stream the command read is retried from a fresh read when the caller gave
/// no expected version (the decision is simply made again); with an expected version it is a conflict.</item>
/// </list>
/// </summary>
public sealed class CommandRunner(IDocumentStore store, TimeProvider clock, ILogger<CommandRunner> logger)
{
    public const int MaximumAttempts = 8;

    /// <summary>A command that arrived over the bus: the actor and the rest come from the message headers.</summary>
    public Task<CommandOutcome> FromBus<TCommand>(
        TCommand command, Envelope envelope, Func<CommandScope, TCommand, Task<Decision>> decide, CancellationToken cancellation)
        where TCommand : notnull
    {
        var metadata = CommandMetadata.FromEnvelope(envelope);
        return metadata.ActorAccountId is null
            ? Task.FromResult(CommandOutcome.Unauthenticated())
            : RunAsync(command, metadata, scope => decide(scope, command), cancellation);
    }

    /// <summary>A command that arrived over HTTP: the actor comes from the bearer token.</summary>
    public async Task<IResult> FromHttp<TCommand>(
        TCommand command, HttpContext http, Func<CommandScope, TCommand, Task<Decision>> decide, Func<CommandOutcome, string>? createdAt = null)
        where TCommand : notnull
    {
        ArgumentNullException.ThrowIfNull(http);
        var outcome = await RunAsync(command, CommandMetadata.FromHttp(http), scope => decide(scope, command), http.RequestAborted);
        return outcome.ToHttp(createdAt);
    }

    public async Task<CommandOutcome> RunAsync<TCommand>(
        TCommand command, CommandMetadata metadata, Func<CommandScope, Task<Decision>> decide, CancellationToken cancellation = default)
        where TCommand : notnull
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            if (metadata.CommandId is { } commandId && await session.LoadAsync<ProcessedCommand>(commandId, cancellation) is { } done)
            {
                return done.Outcome with { Repeated = true };
            }

            var scope = new CommandScope(session, metadata, clock.GetUtcNow());
            Decision decision;
            try
            {
                decision = await decide(scope);
            }
            catch (ConcurrencyException) when (metadata.ExpectedVersion is not null)
            {
                return StaleVersion(metadata);
            }

            if (decision.Rejection is { } rejection)
            {
                logger.LogInformation("{Command} rejected: {Code} {Reason}", typeof(TCommand).Name, rejection.Code, rejection.Message);
                return CommandOutcome.Reject(rejection);
            }

            if (decision.Events.Count == 0)
            {
                return CommandOutcome.Accept(new Dictionary<Guid, long>(), []);
            }

            AuditEnvelope.Apply(session, metadata, scope.Actor, typeof(TCommand).Name);
            scope.Append(decision);
            var outcome = CommandOutcome.Accept(scope.VersionsAfter(decision), [.. decision.Events.Select(e => e.Event.GetType().Name)]);
            if (metadata.CommandId is { } id)
            {
                session.Insert(new ProcessedCommand(id, typeof(TCommand).Name, outcome, scope.Now));
            }

            try
            {
                await session.SaveChangesAsync(cancellation);
                return outcome;
            }
            catch (Exception e) when (IsRace(e))
            {
                if (metadata.CommandId is { } repeated && await FindProcessedAsync(repeated, cancellation) is { } first)
                {
                    return first.Outcome with { Repeated = true };
                }

                if (metadata.ExpectedVersion is not null)
                {
                    return StaleVersion(metadata);
                }

                if (attempt >= MaximumAttempts)
                {
                    return CommandOutcome.Conflict(
                        $"The data changed {MaximumAttempts} times while this command was decided; send it again.");
                }

                logger.LogDebug("{Command}: concurrent change, attempt {Attempt} of {Maximum}", typeof(TCommand).Name, attempt, MaximumAttempts);

                // A short, growing, random pause, so racing commands stop colliding in lockstep.
#pragma warning disable CA5394 // Jitter, not security.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellation);
#pragma warning restore CA5394
            }
        }
    }

    private static CommandOutcome StaleVersion(CommandMetadata metadata) => CommandOutcome.Conflict(
        $"The target changed since version {metadata.ExpectedVersion}: read it again, check the change still makes sense, and resend with the new version.");

    private async Task<ProcessedCommand?> FindProcessedAsync(Guid id, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<ProcessedCommand>(id, cancellation);
    }

    /// <summary>Lost a race: a stream moved on, a new stream's id was taken, or a unique value was claimed first.</summary>
    private static bool IsRace(Exception e) =>
        e is ConcurrencyException or ExistingStreamIdCollisionException
        || Flatten(e).Any(x => x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation });

    private static IEnumerable<Exception> Flatten(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
