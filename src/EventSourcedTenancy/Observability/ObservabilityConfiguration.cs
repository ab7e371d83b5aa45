using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedTenancy.Observability;

public static class ObservabilityConfiguration
{
    /// <summary>
    /// Tenant observability: an async projection run by the daemon (HotCold: one node at a time), one document per
    /// tenant. A rebuild deletes the documents first.
    /// </summary>
    public static void ConfigureObservability(this StoreOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Projections.Add(new TenantObservabilityProjection(), ProjectionLifecycle.Async, TenantObservabilityProjection.Name,
            async => async.DeleteViewTypeOnTeardown<TenantObservability>());
    }
}
