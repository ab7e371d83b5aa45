using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Federation;

public static class FederationReadEndpoints
{
    [WolverineGet("/tenants/{tenantId}/federation-connections", OperationId = "ListFederationConnections")]
    [ProducesResponseType<IReadOnlyList<FederationConnection>>(StatusCodes.Status200OK)]
    [Tags("Federation")]
    [EndpointSummary("The tenant's federation connections with their settings and whether each has a client secret (never the secret). Needs ManageFederationConnections or ViewConfigurations.")]
    public static async Task<IResult> List(Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        await using var session = store.QuerySession();
        var (chain, caller) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantId, http.RequestAborted);
        if (ReadAccess.Refusal(chain, caller, tenantId, Capability.ManageFederationConnections, Capability.ViewConfigurations) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        return Results.Ok(chain[^1].FederationConnections);
    }
}
