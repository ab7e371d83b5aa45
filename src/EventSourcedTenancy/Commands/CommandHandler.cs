using System.Diagnostics;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Identity;
using Marten;
using Wolverine;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// The one handler of every command, over the bus and HTTP alike (the HTTP endpoints hand their command to
/// the bus in process): load (one batched read), decide (the command's pure decider), append. Wolverine's
/// transactional middleware commits the session afterwards, with the outbox; a lost race is retried by
/// Wolverine's error policy from a fresh read (see <see cref="CommandPolicies"/>).
/// <list type="bullet">
/// <item>A rejection writes nothing.</item>
/// <item>The audit envelope goes into every event's metadata.</item>
/// <item>A repeated command id returns the first outcome and appends nothing.</item>
/// <item>An expected version that is not the target's current version is a conflict (checked after authority).</item>
/// </list>
/// </summary>
public static class CommandHandler<TCommand>
    where TCommand : ITenancyCommand
{
    /// <summary>The command's own reason (its <see cref="HttpCommandAttribute.ReasonMember"/>), for commands that state one.</summary>
    private static readonly Func<TCommand, string?>? StatedReason =
        typeof(TCommand).GetCustomAttributes(typeof(HttpCommandAttribute), false).OfType<HttpCommandAttribute>().FirstOrDefault()?.ReasonMember is { } member
        && typeof(TCommand).GetProperty(member) is { } property
            ? command => property.GetValue(command) as string
            : null;

    /// <summary>The command's members that hold secrets (<see cref="SensitiveAttribute"/>).</summary>
    private static readonly System.Reflection.PropertyInfo[] SensitiveMembers =
        [.. typeof(TCommand).GetProperties().Where(p => p.GetCustomAttributes(typeof(SensitiveAttribute), false).Length > 0)];

    public static async Task<CommandOutcome> Handle(
        TCommand command, Envelope envelope, IDocumentSession session, CommandLoader loader, ServiceSettings settings, BusAuthentication authentication,
        ILogger<TCommand> logger, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await AnswerAsync(command, envelope, session, loader, settings, authentication, logger, cancellation);
        Telemetry.Record(typeof(TCommand).Name, outcome, Stopwatch.GetElapsedTime(started));
        return outcome;
    }

    private static async Task<CommandOutcome> AnswerAsync(
        TCommand command, Envelope envelope, IDocumentSession session, CommandLoader loader, ServiceSettings settings, BusAuthentication authentication,
        ILogger<TCommand> logger, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(authentication);
        var fromQueue = CommandOrigin.ArrivedOverTransport(envelope);
        if (fromQueue && settings.Transport == BusTransport.PostgreSQL)
        {
            // The queue's inbox keeps a handled message's id to drop repeats without a reply. This service
            // answers repeats itself (the first outcome, from ProcessedCommand), so the id leaves the inbox in
            // the transaction that handles it: a repeat sent later reaches the handler and gets its answer.
            session.QueueSqlCommand($"delete from {settings.MessageStorageSchema}.wolverine_incoming_envelopes where id = ?", envelope.Id);
        }

        var (metadata, malformed) = CommandMetadata.FromEnvelope(envelope);
        if (malformed is not null)
        {
            return CommandOutcome.Reject(malformed);
        }

        if (fromQueue)
        {
            // From the queue, the bearer token proves who acts (in process, the HTTP endpoint already did).
            envelope.Headers.TryGetValue(BusHeaders.Authorization, out var authorization);
            var (account, service, refused) = await authentication.AuthenticateAsync(authorization, metadata.ActorAccountId);
            if (refused is not null)
            {
                return CommandOutcome.Reject(refused);
            }

            metadata = metadata with { ActorAccountId = account, SendingService = service ?? metadata.SendingService };
        }

        return await RunAsync(command, metadata, session, loader, logger, cancellation);
    }

    /// <summary>The same handling for a caller that owns the session (the command line), which then commits it.</summary>
    public static async Task<CommandOutcome> RunAsync(
        TCommand command, CommandMetadata metadata, IDocumentSession session, CommandLoader loader, ILogger logger, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(logger);
        if (CommandShape.Check(command) is { } malformed)
        {
            return CommandOutcome.Reject(malformed);
        }

        var plan = command.Reads();
        if (!plan.SystemActor && metadata.ActorAccountId is null)
        {
            return CommandOutcome.Unauthenticated();
        }

        var read = await loader.ReadAsync(session, plan, metadata, cancellation);
        var fingerprint = metadata.CommandId is null ? null : ProcessedCommand.FingerprintOf(command);
        if (read.Processed is { } first)
        {
            return first.Fingerprint is null || first.Fingerprint == fingerprint
                ? first.Outcome with { Repeated = true }
                : CommandOutcome.Reject(Rejection.Conflict(RejectionCodes.IdempotencyKeyReused,
                    $"This command id (Idempotency-Key or message id) was used on {first.ProcessedAt:u} for a different {first.CommandType} command; send a new command with a new id."));
        }

        // Authority first: the expected version is compared only once the caller may make the change, so a
        // caller without reach learns nothing about the target, not even its version.
        var decision = read.ActorRejection is { } refused ? Decision.Reject(refused) : command.Decide(read.Inputs);
        if (decision.Rejection is { } rejection)
        {
            // A caller with no authority at all where the command points is answered as for an unknown id.
            if (rejection.Kind == RejectionKind.Forbidden && read.ActorRejection is null && read.Inputs.Actor.Capabilities.Count == 0
                && command.Decide(read.Inputs.WithoutTarget()).Rejection is { Kind: RejectionKind.NotFound } unknown)
            {
                rejection = unknown;
            }

            // The code only: a refusal's message may quote what the caller sent (an email address, a name), and
            // logs are kept beyond an erasure's reach.
            logger.LogInformation("{Command} rejected: {Code}", typeof(TCommand).Name, rejection.Code);
            return CommandOutcome.Reject(rejection);
        }

        // Once the caller is known to have reach: a bus message rests in storage (queue tables, the broker): a secret is sent over HTTPS only.
        if (metadata.Source == CommandSource.Bus && SensitiveMembers.Any(member => member.GetValue(command) is not null))
        {
            return CommandOutcome.Reject(Rejection.Invalid(RejectionCodes.SecretOverHttpOnly,
                $"{string.Join(", ", SensitiveMembers.Select(m => CommandJson.Options.PropertyNamingPolicy?.ConvertName(m.Name) ?? m.Name))} is a secret, and a bus message rests in storage: send this command with it over HTTPS, or leave it out here."));
        }

        if (metadata.ExpectedVersion is { } expected && expected != read.TargetVersion)
        {
            return CommandOutcome.StaleVersion(expected);
        }

        if (decision.Events.Count == 0)
        {
            return CommandOutcome.Accept(new Dictionary<Guid, long>(), []);
        }

        if (!loader.CanSeal(decision))
        {
            return CommandOutcome.Reject(SecretSealer.Unavailable);
        }

        // A bus reply is kept in message storage on its way: a secret goes over the bus encrypted to the sender, or
        // is kept sealed for the sender to pick up over HTTPS, never in plain.
        var pickUp = decision.IssuedSecret is { RecipientKey: null } && metadata.Source == CommandSource.Bus;
        if (pickUp && !loader.CanSealSecrets)
        {
            return CommandOutcome.Reject(Rejection.Invalid(RejectionCodes.SecretRecipientKeyRequired,
                "This command issues a secret, a bus reply passes through message storage, and this installation has no sealing key to keep it for pickup: give secretRecipientKey (an RSA public key) to receive it encrypted, or send the command over HTTPS."));
        }

        // The audit trail's "why": the X-Reason header (reason header on the bus), else the reason the command states.
        var audited = metadata.Reason is null && StatedReason?.Invoke(command) is { Length: > 0 } stated ? metadata with { Reason = stated } : metadata;
        AuditEnvelope.Apply(session, audited, read.Inputs.Actor, typeof(TCommand).Name);
        var outcome = CommandOutcome.Accept(loader.Append(session, read, decision), [.. decision.Events.Select(e => e.Event.GetType().Name)]);
        if (metadata.CommandId is { } id)
        {
            // Stored without the secret, which is shown once: a repeat answers without it.
            session.Insert(new ProcessedCommand(ProcessedCommand.IdFor(metadata.ActorAccountId, id), typeof(TCommand).Name, outcome, read.Inputs.Now, fingerprint));
        }

        if (decision.IssuedSecret is not { } issued)
        {
            return outcome;
        }

        if (issued.RecipientKey is { } recipient)
        {
            return outcome with { EncryptedSecret = ClientSecrets.EncryptFor(issued.Value, recipient) };
        }

        if (pickUp)
        {
            var (pickup, location) = loader.PickupFor(metadata.ActorAccountId!.Value, issued.Value, read.Inputs.Now);
            session.Store(pickup);
            return outcome with { SecretPickup = location };
        }

        return outcome with { Secret = issued.Value };
    }
}
