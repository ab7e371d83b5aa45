using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Erasure;
using EventSourcedTenancy.Observability;
using JasperFx.Events.Daemon;
using Marten;
using Wolverine.Marten;

namespace EventSourcedTenancy.Hosting;

public static class EventStore
{
    /// <summary>Marten: the event store and read models, integrated with Wolverine's outbox.</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, ServiceSettings settings)
    {
        services.AddMarten(opts =>
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
            .AddSubscriptionWithServices<ErasureSubscription>(ServiceLifetime.Singleton, o => o.IncludeType<AccountErased>())
            // Integration events leave through the async daemon's subscription: in order, at least once,
            // and only for events that were committed.
            .PublishEventsToWolverine("IntegrationEvents", relay =>
            {
                foreach (var integrationEvent in Messaging.IntegrationEvents)
                {
                    relay.PublishEvent(integrationEvent);
                }
            });

        return services;
    }
}
