using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Compliance;

/// <summary>
/// As-of queries for compliance staff. Each needs ViewAudit in the tenant concerned (resolved as the caller
/// is now), and takes either a moment (?at=2026-03-03T12:00:00Z) or a stream version (?version=7).
/// </summary>
public static class ComplianceEndpoints
{
    [WolverineGet("/tenants/{tenantId}/as-of", OperationId = "TenantAsOf")]
    [ProducesResponseType<AsOfState<Tenants.Tenant>>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("The tenant (membership of owners, policies, workspaces, roles) as it was at ?at= or at ?version=.")]
    public static Task<IResult> Tenant(Guid tenantId, DateTimeOffset? at, long? version, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        version is < 1 ? BadVersion() : AnswerAsync(http, store, clock, tenantId, async (session, cancellation) =>
            Found(await AsOf.TenantAsync(session, tenantId, at, version, cancellation), tenantId, at, version));

    [WolverineGet("/accounts/{accountId}/as-of", OperationId = "AccountAsOf")]
    [ProducesResponseType<AsOfState<Accounts.Account>>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("The account (state, role, workspace roles, privileges) as it was at ?at= or at ?version=; erased data shows as erased.")]
    public static Task<IResult> Account(Guid accountId, DateTimeOffset? at, long? version, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        version is < 1 ? BadVersion() : AnswerForAccountAsync(http, store, clock, accountId, async (session, cancellation) =>
            Found(await AsOf.AccountAsync(session, accountId, at, version, cancellation), accountId, at, version));

    [WolverineGet("/tenants/{tenantId}/capabilities/{accountId}", OperationId = "CapabilitiesAsOf")]
    [ProducesResponseType<CapabilitiesAt>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("What the account could do in the tenant at ?at= (default now): its effective role, where the authority came from, its capabilities.")]
    public static Task<IResult> Capabilities(Guid tenantId, Guid accountId, DateTimeOffset? at, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        AnswerAsync(http, store, clock, tenantId, async (session, cancellation) =>
        {
            if (!await InReachAsync(http, session, tenantId, accountId, cancellation))
            {
                return Unseen(accountId);
            }

            var moment = at ?? clock.GetUtcNow();
            return await AsOf.CapabilitiesAsync(session, accountId, tenantId, moment, cancellation) is { } held ? Results.Ok(held) : NotYet(accountId, moment);
        });

    [WolverineGet("/tenants/{tenantId}/capabilities/{accountId}/history/{capability}", OperationId = "CapabilityHistory")]
    [ProducesResponseType<IReadOnlyList<CapabilityPeriod>>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("When the account gained and lost the capability in the tenant: periods of holding and not holding it, in order.")]
    public static Task<IResult> CapabilityHistory(Guid tenantId, Guid accountId, Capability capability, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        AnswerAsync(http, store, clock, tenantId, async (session, cancellation) =>
            await InReachAsync(http, session, tenantId, accountId, cancellation)
                ? Results.Ok(await AsOf.CapabilityHistoryAsync(session, accountId, tenantId, capability, cancellation))
                : Unseen(accountId));

    [WolverineGet("/tenants/{tenantId}/who-held/{capability}", OperationId = "WhoHeldCapability")]
    [ProducesResponseType<IReadOnlyList<CapabilitiesAt>>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("Every account that held the capability in the tenant at ?at= (default now), its own or inherited from an ancestor tenant.")]
    public static Task<IResult> WhoHeld(Guid tenantId, Capability capability, DateTimeOffset? at, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        AnswerAsync(http, store, clock, tenantId, async (session, cancellation) =>
            Results.Ok(await AsOf.WhoHeldAsync(session, tenantId, capability, at ?? clock.GetUtcNow(), cancellation)));

    [WolverineGet("/accounts/{accountId}/timeline", OperationId = "AccountTimeline")]
    [ProducesResponseType<IReadOnlyList<TimelineStep>>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("Every change to the account between ?from= and ?to= (both optional): who, on whose authority, the state before and after, and the field-level difference. A step-by-step replay.")]
    public static Task<IResult> AccountTimeline(Guid accountId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        AnswerForAccountAsync(http, store, clock, accountId, async (session, cancellation) =>
            Results.Ok(await Timeline.OfAccountAsync(session, accountId, from, to, cancellation)));

    [WolverineGet("/applications/{applicationId}/as-of", OperationId = "ApplicationAsOf")]
    [ProducesResponseType<AsOfState<ApplicationView>>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("The application (name, kind, redirect URIs, enabled, deleted, which secrets were valid) as it was at ?at= or at ?version=; never a secret or its hash.")]
    public static Task<IResult> ApplicationAsOf(Guid applicationId, DateTimeOffset? at, long? version, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        version is < 1 ? BadVersion() : AnswerForApplicationAsync(http, store, clock, applicationId, async (session, cancellation) =>
        {
            var state = await AsOf.StateAsync(session, applicationId, events => events.Aggregate((Application?)null, (s, e) => EventSourcedTenancy.Applications.Application.Fold(s, e))!, at, version, cancellation);
            var moment = at ?? clock.GetUtcNow();
            return Found(state is null ? null : new AsOfState<ApplicationView>(ApplicationView.From(state.State, moment), state.Version, state.At), applicationId, at, version);
        });

    [WolverineGet("/applications/{applicationId}/timeline", OperationId = "ApplicationTimeline")]
    [ProducesResponseType<IReadOnlyList<TimelineStep>>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("Every change to the application between ?from= and ?to= (both optional): who, on whose authority, why, the state before and after (secrets without their hashes), and the difference.")]
    public static Task<IResult> ApplicationTimeline(Guid applicationId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        AnswerForApplicationAsync(http, store, clock, applicationId, async (session, cancellation) =>
            Results.Ok(await Timeline.OfApplicationAsync(session, applicationId, from, to, cancellation)));

    [WolverineGet("/tenants/{tenantId}/timeline", OperationId = "TenantTimeline")]
    [ProducesResponseType<IReadOnlyList<TimelineStep>>(StatusCodes.Status200OK)]
    [Tags("Compliance")]
    [EndpointSummary("Every change to the tenant between ?from= and ?to= (both optional), with the audit envelope, the state before and after, and the field-level difference.")]
    public static Task<IResult> TenantTimeline(Guid tenantId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        AnswerAsync(http, store, clock, tenantId, async (session, cancellation) =>
            Results.Ok(await Timeline.OfTenantAsync(session, tenantId, from, to, cancellation)));

    /// <summary>Answers when the caller holds ViewAudit in the tenant (resolved as it is now); otherwise the refusal.</summary>
    private static async Task<IResult> AnswerAsync(
        HttpContext http, IDocumentStore store, TimeProvider clock, Guid tenantId, Func<IQuerySession, CancellationToken, Task<IResult>> answer)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (await ReadAccess.RefusalAsync(store, http, tenantId, Capability.ViewAudit) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        await using var session = store.QuerySession();
        return await answer(session, http.RequestAborted);
    }

    /// <summary>
    /// Whether the account named in a query about tenant <paramref name="tenantId"/> is one the caller may ask
    /// about: an account (not another kind of stream) whose home is the tenant or an ancestor of it (its
    /// authority reaches into the tenant), or a tenant below it where the caller also holds ViewAudit.
    /// </summary>
    private static async Task<bool> InReachAsync(HttpContext http, IQuerySession session, Guid tenantId, Guid accountId, CancellationToken cancellation)
    {
        var stream = await session.Events.FetchStreamStateAsync(accountId, cancellation);
        if (stream is null || stream.AggregateType != typeof(Account) || await session.LoadAsync<Account>(accountId, cancellation) is not { } account)
        {
            return false;
        }

        var loader = http.RequestServices.GetRequiredService<CommandLoader>();
        var (homeChain, caller) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), account.TenantId, cancellation);
        var (tenantChain, _) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantId, cancellation);
        return tenantChain.Any(t => t.Id == account.TenantId)
            || (homeChain.Any(t => t.Id == tenantId) && caller.Rejection is null && caller.Context.Has(Capability.ViewAudit));
    }

    /// <summary>An account the caller may not ask about answers as one that does not exist.</summary>
    private static IResult Unseen(Guid accountId) => CommandOutcome.Reject(Missing.Account(accountId)).ToHttp();

    /// <summary>The same for an account: authority is needed in its home tenant; without it, the account answers as unknown.</summary>
    private static async Task<IResult> AnswerForAccountAsync(
        HttpContext http, IDocumentStore store, TimeProvider clock, Guid accountId, Func<IQuerySession, CancellationToken, Task<IResult>> answer)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var lookup = store.QuerySession();
        var account = await lookup.LoadAsync<Account>(accountId, http.RequestAborted);
        if (account is null)
        {
            return Unseen(accountId);
        }

        if (await ReadAccess.RefusalAsync(store, http, account.TenantId, Capability.ViewAudit) is { } refusal)
        {
            return refusal.Code == RejectionCodes.TenantNotFound ? Unseen(accountId) : CommandOutcome.Reject(refusal).ToHttp();
        }

        return await AnswerAsync(http, store, clock, account.TenantId, answer);
    }

    /// <summary>The same for an application: ViewAudit in its tenant; without it, the application answers as unknown.</summary>
    private static async Task<IResult> AnswerForApplicationAsync(
        HttpContext http, IDocumentStore store, TimeProvider clock, Guid applicationId, Func<IQuerySession, CancellationToken, Task<IResult>> answer)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var lookup = store.QuerySession();
        var application = await lookup.LoadAsync<Application>(applicationId, http.RequestAborted);
        if (application is null)
        {
            return CommandOutcome.Reject(Missing.Application(applicationId)).ToHttp();
        }

        if (await ReadAccess.RefusalAsync(store, http, application.TenantId, Capability.ViewAudit) is { } refusal)
        {
            return CommandOutcome.Reject(refusal.Code == RejectionCodes.TenantNotFound ? Missing.Application(applicationId) : refusal).ToHttp();
        }

        return await AnswerAsync(http, store, clock, application.TenantId, answer);
    }

    /// <summary>The state found, or why not: not yet existing then, or a version the stream has not reached.</summary>
    private static IResult Found<T>(AsOfState<T>? state, Guid id, DateTimeOffset? at, long? version) =>
        state is null ? NotYet(id, at)
        : version is { } wanted && state.Version < wanted
            ? CommandOutcome.Reject(Rejection.NotFound(RejectionCodes.VersionNotFound,
                $"Version {wanted} does not exist{(at is null ? string.Empty : $" at {at:O}")}; the latest is {state.Version}.")).ToHttp()
            : Results.Ok(state);

    private static Task<IResult> BadVersion() =>
        Task.FromResult(CommandOutcome.Reject(Rejection.Invalid(RejectionCodes.InvalidQuery, "'version' is a stream version, a whole number from 1.")).ToHttp());

    private static IResult NotYet(Guid id, DateTimeOffset? at) =>
        CommandOutcome.Reject(Rejection.NotFound(RejectionCodes.NotYetExisting, $"{id} did not exist yet at {at:O}; ask for a later moment.")).ToHttp();
}
