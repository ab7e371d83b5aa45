using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedTenancy.Audit;

public static class AuditConfiguration
{
    /// <summary>
    /// The audit trail: an async projection (the daemon feeds it events in sequence order, which the hash
    /// chain needs), its entries keyed by event sequence, and the chain head. A rebuild deletes both first.
    /// </summary>
    public static void ConfigureAudit(this StoreOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Projections.Add(new AuditTrailProjection(), ProjectionLifecycle.Async, AuditTrailProjection.Name, async =>
        {
            async.DeleteViewTypeOnTeardown<AuditEntry>();
            async.DeleteViewTypeOnTeardown<AuditChainHead>();
        });
        opts.Schema.For<AuditEntry>()
            .Identity(x => x.Sequence)
            .Index(x => x.TenantId)
            .Index(x => x.ActorTenantId!)
            .Index(x => x.Timestamp);
        opts.Schema.For<AuditChainHead>();
    }
}
