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
                // A tenant's document holds a figure per account, and each batch reads and writes it whole: with a
                // hundred thousand accounts that is megabytes per batch, so batches of 5,000 events instead of
                // Marten's 500 (a long history of one tenant's accounts caught up ten times slower at 500).
                async.BatchSize = BatchSize;
                async.MaximumHopperSize = 2 * BatchSize;
            });
    }
}
