using EventSourcedTenancy.Commands;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class GetTenantEndpoint
{
    [WolverineGet("/tenants/{tenantId}", OperationId = "GetTenant")]
    [ProducesResponseType<Versioned<Tenant>>(StatusCodes.Status200OK)]
    [Tags("Tenants")]
    [EndpointSummary("The tenant as it is now, with its stream version (also the ETag; send it back as If-Match).")]
    public static Task<IResult> Get(Guid tenantId, HttpContext http, ReadAccess access) =>
        access.ReadAsync<Tenant>(http, tenantId, t => t.Id, (actor, _) => actor.Capabilities.Count > 0, Missing.Tenant);
}
