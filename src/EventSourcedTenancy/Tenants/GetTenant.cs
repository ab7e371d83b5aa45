using EventSourcedTenancy.Commands;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class GetTenantEndpoint
{
    [WolverineGet("/tenants/{tenantId}", OperationId = "GetTenant")]
    [ProducesResponseType<Versioned<TenantView>>(StatusCodes.Status200OK)]
    [Tags("Tenants")]
    [EndpointSummary("The tenant as it is now, as the caller may see it (owners need ViewUsers; policy a policy capability; billing ChangeBillingSettings or ViewBillingAnalytics; withheld groups are listed), with its stream version (also the ETag; send it back as If-Match). A caller with no authority in the tenant gets 404, as for an unknown id.")]
    public static Task<IResult> Get(Guid tenantId, HttpContext http, ReadAccess access) =>
        access.ReadAsync<Tenant, TenantView>(http, tenantId, t => t.Id, (actor, _) => TenantView.MayRead(actor), (actor, tenant) => TenantView.Of(tenant, actor), Missing.Tenant);
}
