using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Users;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Observability;

/// <summary>Usage figures for billing posture; <paramref name="BillingPlans"/> counts tenants by configured plan.</summary>
public sealed record UsageFigures(int ActiveAdministrators, int ActiveUsers, int Workspaces, IReadOnlyDictionary<string, int> BillingPlans);

/// <summary>
/// How far the projection has caught up. <paramref name="ProjectedThrough"/> is the highest event sequence the
/// daemon has projected, <paramref name="HighestEventSequence"/> the highest stored; <paramref name="EventsBehind"/>
/// is the difference (0: current). <paramref name="LastEventAt"/> is the time of the newest event in these figures.
/// </summary>
public sealed record ProjectionProgress(long ProjectedThrough, long HighestEventSequence, long EventsBehind, bool IsCurrent, DateTimeOffset? LastEventAt);

/// <summary>The observability figures of a tenant, or summed over the tenants of its subtree listed in <paramref name="Tenants"/>.</summary>
public sealed record ObservabilityReport(
    Guid TenantId,
    bool Subtree,
    IReadOnlyList<Guid> Tenants,
    IReadOnlyDictionary<string, int> AccountsByRole,
    IReadOnlyDictionary<string, int> AccountsByState,
    int PendingInvitations,
    IReadOnlyList<DailyActions> ActionsPerDay,
    IReadOnlyDictionary<string, int> ActionsBySource,
    UsageFigures Usage,
    ProjectionProgress Progress);

public static class GetTenantObservabilityEndpoint
{
    [WolverineGet("/tenants/{tenantId}/observability", OperationId = "GetTenantObservability")]
    [ProducesResponseType<ObservabilityReport>(StatusCodes.Status200OK)]
    [Tags("Observability")]
    [EndpointSummary("Counts of accounts by role and state, pending invitations, administrative actions per UTC day and by source, usage figures, and how far the async projection has caught up. ?subtree=true sums the tenants below where the caller holds ViewObservability. Needs ViewObservability in the tenant.")]
    public static async Task<IResult> Get(Guid tenantId, bool? subtree, HttpContext http, IDocumentStore store, CommandLoader loader)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        var cancellation = http.RequestAborted;

        await using var session = store.LightweightSession();
        var metadata = CommandMetadata.FromHttp(http);
        var (chain, caller) = await loader.CallerInAsync(session, metadata, tenantId, cancellation);
        if (ReadAccess.Refusal(chain, caller, tenantId, Capability.ViewObservability) is { } refusal)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        var tenants = await ListUsersEndpoint.WithSubtreeHoldingAsync(session, loader, metadata, tenantId, subtree == true, Capability.ViewObservability, cancellation);

        var documents = await session.LoadManyAsync<TenantObservability>(cancellation, tenants);
        var progress = await ProgressAsync(store, session, documents, cancellation);
        return Results.Ok(Sum(tenantId, subtree == true, tenants, documents, progress));
    }

    /// <summary>Adds up the figures of <paramref name="documents"/>; tenants the projection has not reached yet add nothing.</summary>
    public static ObservabilityReport Sum(
        Guid tenantId, bool subtree, IReadOnlyList<Guid> tenants, IReadOnlyList<TenantObservability> documents, ProjectionProgress progress)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var days = documents.SelectMany(d => d.ActionsPerDay)
            .GroupBy(d => d.Day)
            .OrderBy(g => g.Key)
            .Select(g => new DailyActions(g.Key, g.Sum(d => d.Total), Add(g.Select(d => d.BySource))))
            .ToList();
        var plans = documents.Where(d => d.BillingPlan is not null)
            .GroupBy(d => d.BillingPlan!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new ObservabilityReport(
            tenantId,
            subtree,
            tenants,
            Add(documents.Select(d => d.AccountsByRole)),
            Add(documents.Select(d => d.AccountsByState)),
            documents.Sum(d => d.PendingInvitations),
            days,
            Add(documents.Select(d => d.ActionsBySource)),
            new UsageFigures(documents.Sum(d => d.ActiveAdministrators), documents.Sum(d => d.ActiveUsers), documents.Sum(d => d.Workspaces), plans),
            progress);
    }

    private static async Task<ProjectionProgress> ProgressAsync(
        IDocumentStore store, IQuerySession session, IReadOnlyList<TenantObservability> documents, CancellationToken cancellation)
    {
        var projected = await store.Advanced.ProjectionProgressFor(new ShardName(TenantObservabilityProjection.Name), token: cancellation);
        var newest = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Take(1).ToListAsync(cancellation);
        var highest = newest.Count == 0 ? 0 : newest[0].Sequence;
        var behind = Math.Max(0, highest - projected);
        var lastEventAt = documents.Select(d => d.LastEventAt).Where(t => t is not null).DefaultIfEmpty().Max();
        return new ProjectionProgress(projected, highest, behind, behind == 0, lastEventAt);
    }

    private static SortedDictionary<string, int> Add(IEnumerable<IReadOnlyDictionary<string, int>> counts)
    {
        var sum = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, count) in counts.SelectMany(c => c))
        {
            sum[key] = sum.GetValueOrDefault(key) + count;
        }

        return sum;
    }
}
