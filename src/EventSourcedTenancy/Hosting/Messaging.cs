using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Diagnostics;
using EventSourcedTenancy.Tenants;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;
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
        // reply gets Wolverine's failure acknowledgement at once.
        opts.UnknownMessageBehavior = UnknownMessageBehavior.DeadLetterQueue;

        // A node killed while it held messages (a command being handled, integration events in its outbox) is
        // declared stale after StaleNodeTimeout, and another node or the restarted service takes its messages over.
        opts.Durability.HealthCheckPollingTime = settings.NodeHeartbeatInterval;
        opts.Durability.StaleNodeTimeout = settings.StaleNodeTimeout;
        opts.Durability.StaleNodeEjectionThreshold = 1;
        opts.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
        opts.Durability.OrphanedMessageSweepPollingTime = settings.NodeHeartbeatInterval;
        opts.Durability.NodeReassignmentPollingTime = settings.NodeHeartbeatInterval;
        // Released messages (and scheduled retries) are picked up on this poll; Wolverine's default is 5 s.
        opts.Durability.ScheduledJobPollingTime = settings.NodeHeartbeatInterval;

        // An unreadable command body is answered with a typed rejection (UnreadableCommand), never dropped.
        opts.Discovery.IncludeType(typeof(UnreadableCommandHandler));
        var commandBodies = new CommandBodySerializer(new SystemTextJsonSerializer(CommandJson.Apply(new System.Text.Json.JsonSerializerOptions())));
        if (settings.Transport == BusTransport.RabbitMQ)
        {
            opts.UseRabbitMqBroker(settings, commandBodies);
        }
        else
        {
            opts.UsePostgresqlQueues(settings, commandBodies);
        }
    }

    /// <summary>
    /// The embedded transport: queue tables in the service's own database, polled every <c>Bus:PollingInterval</c>.
    /// Integration events go to one queue; bytes on the command queue that are not an envelope at all are moved to
    /// the dead letters with their content (UnreadableEnvelopes).
    /// </summary>
    private static void UsePostgresqlQueues(this WolverineOptions opts, ServiceSettings settings, IMessageSerializer commandBodies)
    {
        opts.Services.AddHostedService<UnreadableEnvelopes>();
        opts.ListenToPostgresqlQueue(settings.CommandQueue)
            .DefaultSerializer(commandBodies)
            .PollingInterval(settings.QueuePollingInterval)
            .MaximumMessagesToReceive(settings.QueueBatchSize);
        opts.Publish(rule =>
        {
            RouteCommands(rule);
            rule.ToPostgresqlQueue(settings.CommandQueue);
        });
        opts.Publish(rule =>
        {
            RouteIntegrationEvents(rule);
            rule.ToPostgresqlQueue(settings.IntegrationQueue);
        });
    }

    /// <summary>
    /// The broker: commands arrive on a durable queue and go through the same durable inbox as with the embedded
    /// transport (stored before the broker is acknowledged, so a crash loses none and a redelivery is recognised by
    /// its id); replies go to the queue Wolverine declares for each sending node; integration events go to a
    /// durable fanout exchange that each subscribing service binds a queue of its own to. Queues and exchanges are
    /// declared at start-up. Dead letters are kept in the database, as with the embedded transport, not in a
    /// broker queue.
    /// </summary>
    private static void UseRabbitMqBroker(this WolverineOptions opts, ServiceSettings settings, IMessageSerializer commandBodies)
    {
        opts.UseRabbitMq(new Uri(settings.BrokerConnectionString!))
            .AutoProvision()
            .DisableDeadLetterQueueing()
            .DeclareExchange(settings.IntegrationExchange, exchange =>
            {
                exchange.ExchangeType = ExchangeType.Fanout;
                exchange.IsDurable = true;
            });
        opts.ListenToRabbitQueue(settings.CommandQueue, queue => queue.IsDurable = true)
            .DefaultSerializer(commandBodies)
            .PreFetchCount((ushort)Math.Clamp(settings.QueueBatchSize, 1, ushort.MaxValue))
            .UseDurableInbox();
        opts.Publish(rule =>
        {
            RouteCommands(rule);
            rule.ToRabbitQueue(settings.CommandQueue);
        });
        opts.Publish(rule =>
        {
            RouteIntegrationEvents(rule);
            rule.ToRabbitExchange(settings.IntegrationExchange);
        });
    }

    private static void RouteCommands(PublishingExpression rule)
    {
        rule.Message<PingBus>();
        foreach (var command in CommandCatalog.Commands)
        {
            rule.Message(command);
        }
    }

    private static void RouteIntegrationEvents(PublishingExpression rule)
    {
        foreach (var integrationEvent in IntegrationEvents)
        {
            rule.Message(integrationEvent);
        }
    }
}
