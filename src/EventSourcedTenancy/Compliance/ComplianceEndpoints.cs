using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Marten;
using Wolverine.Http;

namespace EventSourcedTenancy.Compliance;

/// <summary>
/// As-of queries for compliance staff. Each needs ViewAudit in the tenant concerned (resolved as the caller
/// is now), and takes either a moment (?at=2026-03-03T12:00:00Z) or a stream version (?version=7).
/// </summary>
public static class ComplianceEndpoints
{
    [WolverineGet("/tenants/{tenantId}/as-of", OperationId = "TenantAsOf")]
    [Tags("Compliance")]
    [EndpointSummary("The tenant (membership of owners, policies, workspaces, roles) as it was at ?at= or at ?version=.")]
    public static async Task<IResult> Tenant(Guid tenantId, DateTimeOffset? at, long? version, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.LightweightSession();
        if (await RefuseAsync(session, http, clock, tenantId) is { } refused)
        {
            return refused;
        }

        var state = await AsOf.TenantAsync(session, tenantId, at, version, http.RequestAborted);
        return state is null ? NotYet(tenantId, at) : Results.Ok(state);
    }

    [WolverineGet("/accounts/{accountId}/as-of", OperationId = "AccountAsOf")]
    [Tags("Compliance")]
    [EndpointSummary("The account (state, role, workspace roles, privileges) as it was at ?at= or at ?version=; erased data shows as erased.")]
    public static async Task<IResult> Account(Guid accountId, DateTimeOffset? at, long? version, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.LightweightSession();
        var current = await session.LoadAsync<Account>(accountId, http.RequestAborted);
        if (current is null)
        {
            return CommandOutcome.Reject(Missing.Account(accountId)).ToHttp();
        }

        if (await RefuseAsync(session, http, clock, current.TenantId) is { } refused)
        {
            return refused;
        }

        var state = await AsOf.AccountAsync(session, accountId, at, version, http.RequestAborted);
        return state is null ? NotYet(accountId, at) : Results.Ok(state);
    }

    [WolverineGet("/tenants/{tenantId}/capabilities/{accountId}", OperationId = "CapabilitiesAsOf")]
    [Tags("Compliance")]
    [EndpointSummary("What the account could do in the tenant at ?at= (default now): its effective role, where the authority came from, its capabilities.")]
    public static async Task<IResult> Capabilities(Guid tenantId, Guid accountId, DateTimeOffset? at, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.LightweightSession();
        if (await RefuseAsync(session, http, clock, tenantId) is { } refused)
        {
            return refused;
        }

        var moment = at ?? clock.GetUtcNow();
        var held = await AsOf.CapabilitiesAsync(session, accountId, tenantId, moment, http.RequestAborted);
        return held is null ? NotYet(accountId, moment) : Results.Ok(held);
    }

    [WolverineGet("/tenants/{tenantId}/capabilities/{accountId}/history/{capability}", OperationId = "CapabilityHistory")]
    [Tags("Compliance")]
    [EndpointSummary("When the account gained and lost the capability in the tenant: periods of holding and not holding it, in order.")]
    public static async Task<IResult> CapabilityHistory(Guid tenantId, Guid accountId, Capability capability, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.LightweightSession();
        return await RefuseAsync(session, http, clock, tenantId) is { } refused
            ? refused
            : Results.Ok(await AsOf.CapabilityHistoryAsync(session, accountId, tenantId, capability, http.RequestAborted));
    }

    [WolverineGet("/tenants/{tenantId}/who-held/{capability}", OperationId = "WhoHeldCapability")]
    [Tags("Compliance")]
    [EndpointSummary("Every account that held the capability in the tenant at ?at= (default now), its own or inherited from an ancestor tenant.")]
    public static async Task<IResult> WhoHeld(Guid tenantId, Capability capability, DateTimeOffset? at, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.LightweightSession();
        if (await RefuseAsync(session, http, clock, tenantId) is { } refused)
        {
            return refused;
        }

        return Results.Ok(await AsOf.WhoHeldAsync(session, tenantId, capability, at ?? clock.GetUtcNow(), http.RequestAborted));
    }

    [WolverineGet("/accounts/{accountId}/timeline", OperationId = "AccountTimeline")]
    [Tags("Compliance")]
    [EndpointSummary("Every change to the account between ?from= and ?to= (both optional): who, on whose authority, the state before and after, and the field-level difference. A step-by-step replay.")]
    public static async Task<IResult> AccountTimeline(Guid accountId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.LightweightSession();
        var current = await session.LoadAsync<Account>(accountId, http.RequestAborted);
        if (current is null)
        {
            return CommandOutcome.Reject(Missing.Account(accountId)).ToHttp();
        }

        return await RefuseAsync(session, http, clock, current.TenantId) is { } refused
            ? refused
            : Results.Ok(await Timeline.OfAccountAsync(session, accountId, from, to, http.RequestAborted));
    }

    [WolverineGet("/tenants/{tenantId}/timeline", OperationId = "TenantTimeline")]
    [Tags("Compliance")]
    [EndpointSummary("Every change to the tenant between ?from= and ?to= (both optional), with the audit envelope, the state before and after, and the field-level difference.")]
    public static async Task<IResult> TenantTimeline(Guid tenantId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.LightweightSession();
        return await RefuseAsync(session, http, clock, tenantId) is { } refused
            ? refused
            : Results.Ok(await Timeline.OfTenantAsync(session, tenantId, from, to, http.RequestAborted));
    }

    private static async Task<IResult?> RefuseAsync(IDocumentSession session, HttpContext http, TimeProvider clock, Guid tenantId) =>
        await ReadAccess.RefusalAsync(session.DocumentStore, clock, http, tenantId, Capability.ViewAudit) is { } refusal
            ? CommandOutcome.Reject(refusal).ToHttp()
            : null;

    private static IResult NotYet(Guid id, DateTimeOffset? at) =>
        CommandOutcome.Reject(Rejection.NotFound("not_yet_existing", $"{id} did not exist yet at {at:O}; ask for a later moment.")).ToHttp();
}
