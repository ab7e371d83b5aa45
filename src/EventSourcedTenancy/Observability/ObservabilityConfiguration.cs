using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedTenancy.Observability;

public static class ObservabilityConfiguration
{
    public const int BatchSize = 5_000;

    /// <summary>
    /// Tenant observability: an async projection run by the daemon (HotCold: one node at a time), one document per
    /// tenant. A rebuild deletes the documents first.
    /// </summary>
    public static void ConfigureObservability(this StoreOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Projections.Add(new TenantObservabilityProjection(), ProjectionLifecycle.Async, TenantObservabilityProjection.Name,
            async =>
            {
                async.DeleteViewTypeOnTeardown<TenantObservability>();
                async.DeleteViewTypeOnTeardown<ObservedAccount>();
                // Each batch writes every tenant document it touched once: batches of 5,000 events instead of Marten's
                // 500 write a busy tenant's document a tenth as often while a long history is caught up.
                async.BatchSize = BatchSize;
                async.MaximumHopperSize = 2 * BatchSize;
            });
    }
}
