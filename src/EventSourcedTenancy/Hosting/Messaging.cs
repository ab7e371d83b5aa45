using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Diagnostics;
using EventSourcedTenancy.Integration.V1;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;
using Wolverine.Runtime.Serialization;

namespace EventSourcedTenancy.Hosting;

public static class Messaging
{
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

        // A message nobody here handles is kept, with its reason, rather than dropped; a sender waiting for a
        // reply gets Wolverine's failure acknowledgement at once.
        opts.UnknownMessageBehavior = UnknownMessageBehavior.DeadLetterQueue;

        // Solo: the restarted process is node 1 again and takes over what the killed one held as it starts.
        // Balanced: a node killed while it held messages (a command being handled, integration events in its outbox)
        // is declared stale after StaleNodeTimeout, and another node or the restarted service takes them over.
        opts.Durability.Mode = settings.DurabilityMode;
        opts.Durability.HealthCheckPollingTime = settings.NodeHeartbeatInterval;
        opts.Durability.StaleNodeTimeout = settings.StaleNodeTimeout;
        opts.Durability.StaleNodeEjectionThreshold = 1;
        opts.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
        opts.Durability.OrphanedMessageSweepPollingTime = settings.NodeHeartbeatInterval;
        opts.Durability.NodeReassignmentPollingTime = settings.NodeHeartbeatInterval;
        // Released messages (and scheduled retries) are picked up on this poll; Wolverine's default is 5 s. A Solo
        // process releases nothing while it runs (it takes over its predecessor's messages as it starts).
        opts.Durability.ScheduledJobPollingTime = settings.DurabilityMode == DurabilityMode.Balanced ? settings.NodeHeartbeatInterval : TimeSpan.FromSeconds(5);
        // Wolverine counts its inbox, outbox and dead letters for its metrics every 5 s by default (five statements
        // each time); every 30 s keeps the gauges and a fifth of a statement a second.
        opts.Durability.UpdateMetricsPeriod = TimeSpan.FromSeconds(30);

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
    /// Integration events go to one queue per subscribing service (<c>Bus:Subscribers</c>), or to one shared queue,
    /// and are removed after <c>Bus:IntegrationEventRetention</c> when nobody took them. Bytes on the command queue
    /// that are not an envelope at all are moved to the dead letters with their content (UnreadableEnvelopes).
    /// </summary>
    private static void UsePostgresqlQueues(this WolverineOptions opts, ServiceSettings settings, IMessageSerializer commandBodies)
    {
        // Sending to a queue table is an insert: in the outbox it is part of the handler's own transaction.
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
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
        // Each subscribing service gets its own copy of every integration event, on its own queue.
        foreach (var queue in settings.IntegrationQueues)
        {
            opts.Publish(rule =>
            {
                RouteIntegrationEvents(rule);
                rule.ToPostgresqlQueue(queue);
            });
        }

        opts.Services.AddHostedService<IntegrationEventRetention>();
    }

    /// <summary>
    /// The broker: commands arrive on a durable queue and are handled straight from the broker's delivery, several
    /// at a time; a delivery is acknowledged only after the handler's transaction committed, so a crash loses none
    /// (the broker delivers it again at once). A delivery seen twice is answered from the idempotency record that
    /// the first one committed with its events (the message id is the command id), so nothing is applied twice.
    /// Replies go straight to the queue Wolverine declares for each sending process (a reply lost in a crash is
    /// recovered by sending the command again: the repeat is answered with the first outcome). Integration events
    /// go through the outbox to a durable fanout exchange that each subscribing service binds a queue of its own to.
    /// Queues and exchanges are declared at start-up. Dead letters are kept in the database, as with the embedded
    /// transport, not in a broker queue.
    /// </summary>
    private static void UseRabbitMqBroker(this WolverineOptions opts, ServiceSettings settings, IMessageSerializer commandBodies)
    {
        opts.UseRabbitMq(new Uri(settings.BrokerConnectionString!))
            // A publish completes when the broker has taken the message (for a durable queue or exchange: written to
            // disk), so the outbox keeps an integration event until the broker has it, and a lost connection fails
            // the send instead of dropping the message.
            .ConfigureChannelCreation(channel =>
            {
                channel.PublisherConfirmationsEnabled = true;
                channel.PublisherConfirmationTrackingEnabled = true;
            })
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
            .ProcessInParallelWithNativeAcks()
            // Handling waits on PostgreSQL, not on the processor: several commands at once keep it busy.
            .MaximumParallelMessages(16);
        opts.Publish(rule =>
        {
            RouteCommands(rule);
            // The same endpoint as the listener above: making it durable here would make the listener durable too.
            rule.ToRabbitQueue(settings.CommandQueue);
        });
        opts.Publish(rule =>
        {
            RouteIntegrationEvents(rule);
            rule.ToRabbitExchange(settings.IntegrationExchange).UseDurableOutbox();
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
        foreach (var integrationEvent in IntegrationContract.Messages)
        {
            rule.Message(integrationEvent);
        }
    }
}
