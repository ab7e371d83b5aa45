using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

/// <summary>The tenant commands the caller could send to a tenant now (by name), as its deciders would decide them.</summary>
public sealed record TenantActions(Guid TenantId, long Version, IReadOnlyList<string> Commands);

public static class TenantActionsEndpoint
{
    [WolverineGet("/tenants/{tenantId}/actions", OperationId = "TenantActions")]
    [ProducesResponseType<TenantActions>(StatusCodes.Status200OK)]
    [Tags("Tenants")]
    [EndpointSummary("The settings commands the caller could send to this tenant now (CreateWorkspace, DefineCustomRole, ChangeManagementMode, RestrictAncestorAccess, ConfigureTenantPolicy, ConfigureBranding, DeleteTenant), each decided by its own decider on one read; nothing is written. A caller with no authority in the tenant gets 404, as for an unknown id.")]
    public static async Task<IResult> Get(Guid tenantId, HttpContext http, IDocumentStore store, CommandLoader loader)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        await using var session = store.LightweightSession();
        var read = await loader.ReadAsync(session, ReadPlan.OnTenant(tenantId), CommandMetadata.FromHttp(http), http.RequestAborted);
        var inputs = read.Inputs;
        if (read.ActorRejection is { } refused)
        {
            return CommandOutcome.Reject(refused).ToHttp();
        }

        if (inputs.Tenant is not { } tenant || inputs.Actor.Capabilities.Count == 0)
        {
            return CommandOutcome.Reject(Missing.Tenant(tenantId)).ToHttp();
        }

        ITenancyCommand[] candidates =
        [
            new CreateWorkspace(tenantId, "a workspace"),
            new DefineCustomRole(tenantId, "a role", [Capability.ViewUsers]),
            new ChangeManagementMode(tenantId, tenant.ManagementMode == ManagementMode.SelfManaged ? ManagementMode.ManagedByServiceProvider : ManagementMode.SelfManaged),
            new RestrictAncestorAccess(tenantId, !tenant.AncestorAccessRestricted, "asked by a client"),
            new ConfigureTenantPolicy(tenantId, null, null, tenant.Policy.MfaEnforcement == MfaEnforcement.Optional ? MfaEnforcement.RequiredForEveryone : MfaEnforcement.Optional, null),
            new ConfigureBranding(tenantId, tenant.Branding?.DisplayName == "a name" ? "another name" : "a name", null, null),
            new DeleteTenant(tenantId, tenant.Name, "asked by a client"),
        ];
        var commands = candidates.Where(c => c.Decide(inputs) is { Rejection: null, Events.Count: > 0 }).Select(c => c.GetType().Name).ToList();
        return Results.Ok(new TenantActions(tenantId, read.TargetVersion, commands));
    }
}
