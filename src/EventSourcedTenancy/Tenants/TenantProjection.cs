using EventSourcedTenancy.Commands;

namespace EventSourcedTenancy.Tenants;

/// <summary>The tenant document, updated in the same transaction as the tenant's events.</summary>
public sealed class TenantProjection() : FoldProjection<Tenant>(Tenant.EventTypes, Tenant.Fold);
