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
                opts.Connection(settings.RequireConnectionString());
                opts.DatabaseSchemaName = settings.EventStoreSchema;

                // The audit envelope (correlation, causation, actor, source, reason) lives in event metadata.
                opts.Events.MetadataConfig.EnableAll();

                // DistributedLock.Postgres refuses multiplexing on a DbDataSource; the transaction-scoped
                // advisory lock path is the one that lets the async daemon take its leadership lock.
                opts.Events.UseAdvisoryLockTransaction = true;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .IntegrateWithWolverine(x =>
            {
                x.MessageStorageSchemaName = settings.MessageStorageSchema;
                x.TransportSchemaName = settings.QueueSchema;
            });

        return services;
    }
}
