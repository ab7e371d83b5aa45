using EventSourcedTenancy.Diagnostics;
using Wolverine;
using Wolverine.Postgresql;

namespace EventSourcedTenancy.Hosting;

public static class Messaging
{
    /// <summary>Wolverine: handlers, the durable PostgreSQL command queue and the transactional outbox.</summary>
    public static void ConfigureMessaging(this WolverineOptions opts, ServiceSettings settings)
    {
        opts.UseRuntimeCompilation();
        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        opts.ListenToPostgresqlQueue(settings.CommandQueue)
            .PollingInterval(settings.QueuePollingInterval)
            .MaximumMessagesToReceive(settings.QueueBatchSize);

        opts.PublishMessage<PingBus>().ToPostgresqlQueue(settings.CommandQueue);
    }
}
