using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Erasure;
using EventSourcedTenancy.Observability;
using JasperFx.Events.Daemon;
using System.Reflection;
using Marten;
using Wolverine.Marten;
using Wolverine.Marten.Subscriptions;

namespace EventSourcedTenancy.Hosting;

public static class EventStore
{
    /// <summary>Marten: the event store and read models, integrated with Wolverine's outbox.</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, ServiceSettings settings)
    {
        // Marten's own polling interval while events keep coming: the most often the daemon looks under load.
        var wakeup = new DaemonWakeup(TimeSpan.FromMilliseconds(250));
        services.AddSingleton(wakeup);
        var marten = services.AddMarten(opts =>
            {
                // Without a connection string the host still builds (for `help` and `token`); RunServiceAsync
                // stops every command that needs the database with a message saying how to configure one.
                opts.Connection(settings.ConnectionString ?? ServiceSettings.UnconfiguredConnectionString);
                opts.DatabaseSchemaName = settings.EventStoreSchema;

                // The audit envelope (correlation, causation, actor, source, reason) lives in event metadata.
                opts.Events.MetadataConfig.EnableAll();

                // A session keeps the one connection it first opened: a command's read and its write
                // transaction go over the same connection.
                opts.UseStickyConnectionLifetimes = true;

                // The daemon follows this process's commits at once and polls for other writers only when idle.
                opts.Listeners.Add(wakeup);
                opts.Projections.Wakeup = wakeup;
                opts.Projections.SlowPollingTime = settings.DaemonIdlePollingInterval;
                // The watchdog restarts a high-water agent whose loop has not cycled for this long: above the idle poll.
                opts.Projections.HighWaterStalenessThreshold = TimeSpan.FromTicks(Math.Max(
                    TimeSpan.FromSeconds(30).Ticks, 3 * settings.DaemonIdlePollingInterval.Ticks));

                opts.ConfigureAggregates();
                opts.ConfigurePersonalDataMasking();
                opts.ConfigureAudit();
                opts.ConfigureAccountSnapshots();
                opts.ConfigureObservability();
            })
            .UseIdentitySessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .IntegrateWithWolverine(x =>
            {
                x.MessageStorageSchemaName = settings.MessageStorageSchema;
                x.TransportSchemaName = settings.QueueSchema;
            })
            // Erasure finishes in the background, through the daemon: masking events, purging stored messages.
            .AddSubscriptionWithServices<ErasureSubscription>(ServiceLifetime.Singleton, o => o.IncludeType<AccountErased>());

        // Integration events leave through the async daemon: in order, at least once, only for events that were
        // committed; each stored event as its message of the contract. With the PostgreSQL queues, written into the
        // queue tables in the daemon's own transaction; with RabbitMQ, through Wolverine's relay and outbox.
        if (settings.Transport == BusTransport.PostgreSQL)
        {
            marten.AddSubscriptionWithServices<IntegrationEventQueues>(ServiceLifetime.Singleton, o =>
            {
                foreach (var storedEvent in Integration.V1.IntegrationContract.PublishedEvents)
                {
                    o.IncludeType(storedEvent);
                }
            });
        }
        else
        {
            marten.PublishEventsToWolverine(IntegrationEventQueues.SubscriptionName, relay =>
            {
                foreach (var storedEvent in Integration.V1.IntegrationContract.PublishedEvents)
                {
                    RelayMethod.MakeGenericMethod(storedEvent).Invoke(null, [relay]);
                }
            });
        }

        // After Marten's own start-up work (schema changes): a trail from an earlier version gets its new column filled.
        services.AddHostedService<ExercisedFromBackfill>();
        return services;
    }

    private static readonly MethodInfo RelayMethod =
        typeof(EventStore).GetMethod(nameof(Relay), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static void Relay<T>(IPublishingRelay relay) where T : notnull =>
        relay.PublishEvent<T>((stored, bus) => bus.PublishAsync(IntegrationEventQueues.MessageOf(stored)!));
}
