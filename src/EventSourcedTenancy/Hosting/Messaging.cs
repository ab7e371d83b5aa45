using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Diagnostics;
using EventSourcedTenancy.Tenants;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Postgresql;
using Wolverine.Runtime.Serialization;

namespace EventSourcedTenancy.Hosting;

public static class Messaging
{
    /// <summary>
    /// The events other services hear about, on their own queue: what the identity provider must act on
    /// (invitations, activation, deactivation, deletion, erasure, password and MFA resets) and tenant lifecycle.
    /// </summary>
    public static readonly IReadOnlyList<Type> IntegrationEvents =
    [
        typeof(AdminInvited), typeof(InvitationResent), typeof(InvitationAccepted), typeof(AdminCreated), typeof(UserCreated),
        typeof(RoleChanged), typeof(PromotedToOwner), typeof(AccountSetInactive), typeof(AccountReactivated),
        typeof(AccountSetDeleted), typeof(AccountRestored), typeof(AccountErased), typeof(PasswordResetRequested),
        typeof(MfaResetForced), typeof(TenantCreated), typeof(TenantDeleted), typeof(OwnershipTransferred),
    ];

    /// <summary>Wolverine: handlers, the durable PostgreSQL command queue and the transactional outbox.</summary>
    public static void ConfigureMessaging(this WolverineOptions opts, ServiceSettings settings)
    {
        // Handler code is generated ahead of time (Internal/Generated, `codegen write`) and loaded as compiled types:
        // no compiler in the running service, less memory and no first-message compile (docs/pipeline.md).
        opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        // The generated types live in this assembly, whichever program hosts the service (a test or benchmark host too).
        opts.ApplicationAssembly = typeof(Messaging).Assembly;

        // Bodies on the bus follow the same strict JSON contract as over HTTP (docs/input.md).
        opts.UseSystemTextJsonForSerialization(json => CommandJson.Apply(json));

        // Every command has the one handler, closed over its type; the catalog lists them.
        foreach (var command in CommandCatalog.Commands)
        {
            opts.Discovery.IncludeType(typeof(CommandHandler<>).MakeGenericType(command));
        }

        opts.ConfigureCommandRetries();
        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        // A message nobody here handles is kept, with its reason, rather than dropped; a sender waiting for a
        // reply gets Wolverine's failure acknowledgement at once. Bytes that are not an envelope at all are
        // moved to the dead letters with their content (UnreadableEnvelopes).
        opts.UnknownMessageBehavior = UnknownMessageBehavior.DeadLetterQueue;
        opts.Services.AddHostedService<UnreadableEnvelopes>();

        // An unreadable command body is answered with a typed rejection (UnreadableCommand), never dropped.
        opts.Discovery.IncludeType(typeof(UnreadableCommandHandler));
        opts.ListenToPostgresqlQueue(settings.CommandQueue)
            .DefaultSerializer(new CommandBodySerializer(new SystemTextJsonSerializer(CommandJson.Apply(new System.Text.Json.JsonSerializerOptions()))))
            .PollingInterval(settings.QueuePollingInterval)
            .MaximumMessagesToReceive(settings.QueueBatchSize);

        opts.Publish(rule =>
        {
            rule.Message<PingBus>();
            foreach (var command in CommandCatalog.Commands)
            {
                rule.Message(command);
            }

            rule.ToPostgresqlQueue(settings.CommandQueue);
        });

        opts.Publish(rule =>
        {
            foreach (var integrationEvent in IntegrationEvents)
            {
                rule.Message(integrationEvent);
            }

            rule.ToPostgresqlQueue(settings.IntegrationQueue);
        });
    }
}
