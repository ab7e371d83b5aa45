using System.Linq.Expressions;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;
using Marten;

namespace EventSourcedTenancy.Audit;

/// <summary>
/// Which entries of a tenant's audit trail to read. A tenant's trail holds the events of its own stream and
/// of its accounts' streams, and every event caused with authority exercised in it (for example a privilege
/// granted there to an account of another tenant).
/// </summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Actor">Only what this account did (as itself or while impersonating).</param>
/// <param name="ActingAs">Only what was done acting as this account (impersonation).</param>
/// <param name="Target">Only events about this account or tenant.</param>
/// <param name="Operation">Only this command (for example SetAdminInactive) or event type (for example AccountSetInactive).</param>
/// <param name="From">From this time on (inclusive).</param>
/// <param name="To">Before this time (exclusive).</param>
public sealed record AuditFilter(
    Guid TenantId, Guid? Actor = null, Guid? ActingAs = null, Guid? Target = null, string? Operation = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>
    /// The lateness assumed for a trail that has not measured its own (projected by an earlier version and not rebuilt
    /// since, <see cref="AuditChainHead.LatenessMicroseconds"/>): the longest a transaction that appends events may stay open.
    /// </summary>
    public static readonly TimeSpan UnmeasuredLateness = TimeSpan.FromHours(1);

    private static readonly HashSet<string> EventTypeNames =
        [.. Account.EventTypes.Concat(Tenant.EventTypes).Concat(Applications.Application.EventTypes).Select(t => t.Name)];

    /// <summary>The matching entries after <paramref name="after"/> (a sequence), in sequence order, at most <paramref name="limit"/>.</summary>
    /// <remarks>
    /// An entry belongs to the tenant's trail as the tenant's own (its stream is the tenant's or one of its accounts')
    /// or through the authority exercised there. Each way is read in sequence order along an index of its own
    /// (<see cref="AuditConfiguration"/>), both in one batch, and the two pages are merged: the cost of a page follows
    /// the page, not the length of the trail (docs/audit.md).
    /// </remarks>
    public async Task<IReadOnlyList<AuditEntry>> PageAsync(IQuerySession session, long after, int limit, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (floor, ceiling) = await SequenceRangeAsync(session, cancellation);
        var batch = session.CreateBatchQuery();
        var pages = Branches(Math.Max(after, floor), ceiling).Select(conditions =>
        {
            var query = batch.Query<AuditEntry>();
            foreach (var condition in conditions)
            {
                query = query.Where(condition);
            }

            return query.OrderBy(x => x.Sequence).Take(limit).ToList();
        }).ToList();
        await batch.Execute(cancellation);
        var merged = new List<AuditEntry>();
        foreach (var page in pages)
        {
            merged.AddRange(await page);
        }

        return [.. merged.OrderBy(e => e.Sequence).Take(limit)];
    }

    /// <summary>
    /// The conditions of each way an entry belongs to the tenant's trail, with this filter's, for entries after
    /// <paramref name="after"/> and up to <paramref name="upTo"/>: the tenant's own entries, and the entries of other
    /// tenants' streams where authority was exercised in this tenant.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Expression<Func<AuditEntry, bool>>>> Branches(long after, long upTo = long.MaxValue)
    {
        var tenant = TenantId;
        var filters = new List<Expression<Func<AuditEntry, bool>>> { x => x.Sequence > after };
        if (upTo < long.MaxValue)
        {
            filters.Add(x => x.Sequence <= upTo);
        }

        if (Actor is { } actor)
        {
            filters.Add(x => x.Actor == actor);
        }

        if (ActingAs is { } actingAs)
        {
            filters.Add(x => x.ActingAs == actingAs);
        }

        if (Target is { } target)
        {
            filters.Add(x => x.Target == target);
        }

        if (Operation is { Length: > 0 } operation)
        {
            // An event type names the event; anything else the command (an entry without a command has its event
            // type as its operation, and is found by the event type too). One column each, so each has its index.
            filters.Add(EventTypeNames.Contains(operation) ? x => x.EventType == operation : x => x.Operation == operation);
        }

        if (From is { } from)
        {
            filters.Add(x => x.Timestamp >= from);
        }

        if (To is { } to)
        {
            filters.Add(x => x.Timestamp < to);
        }

        return
        [
            [x => x.TenantId == tenant, .. filters],
            [x => x.ExercisedFrom == tenant, .. filters],
        ];
    }

    /// <summary>
    /// The sequences a time-bounded filter needs to read. No entry is more than the trail's lateness L older than an
    /// entry stored before it (<see cref="AuditChainHead.LatenessMicroseconds"/>). So every entry stored before the last
    /// one older than <c>From</c> - L is older than <c>From</c>, and every entry stored after the first one at least
    /// as young as <c>To</c> + L is at least as young as <c>To</c>: the page reads between those two, each found in one
    /// step along the time index. One statement reads L and both bounds, so they agree with each other; entries
    /// stored after it lie beyond the ceiling, or are read when there is none.
    /// </summary>
    private async Task<(long Floor, long Ceiling)> SequenceRangeAsync(IQuerySession session, CancellationToken cancellation)
    {
        if (From is null && To is null)
        {
            return (0, long.MaxValue);
        }

        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var lateness = $"""
            (select coalesce((data ->> '{nameof(AuditChainHead.LatenessMicroseconds)}')::bigint, {UnmeasuredLateness.Ticks / TimeSpan.TicksPerMicrosecond}) * interval '1 microsecond'
               from {schema}.mt_doc_auditchainhead where id = '{AuditChainHead.SingletonId}')
            """;
        var entries = $"{schema}.mt_doc_auditentry";
        var parameters = new List<object>();
        var floor = "0";
        if (From is { } from)
        {
            floor = $"coalesce((select id from {entries} where timestamp < ? - {lateness} order by timestamp desc limit 1), 0)";
            parameters.Add(from.ToUniversalTime());
        }

        var ceiling = $"{long.MaxValue}";
        if (To is { } to)
        {
            ceiling = $"coalesce((select id from {entries} where timestamp >= ? + {lateness} order by timestamp limit 1), {long.MaxValue})";
            parameters.Add(to.ToUniversalTime());
        }

        var bounds = await session.QueryAsync<long>(
            $"select bound from (values (1, {floor}::bigint), (2, {ceiling}::bigint)) as bounds(position, bound) order by position",
            cancellation, [.. parameters]);
        return (bounds[0], bounds[1]);
    }

    /// <summary>Why the filter cannot be used, if it cannot.</summary>
    public Rejection? Problem() =>
        From is { } from && To is { } to && from >= to
            ? Rejection.Invalid(RejectionCodes.InvalidTimeRange, "'from' must be before 'to'; both are ISO 8601 times, for example 2026-01-31T00:00:00Z.")
            : null;

    /// <summary>
    /// A query parameter that was sent but did not parse (so it arrived as null): refused rather than read as
    /// "no filter", which would silently return more of the trail than was asked for.
    /// </summary>
    public static Rejection? Unparsed(HttpContext http, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(parameters);
        var bad = parameters.FirstOrDefault(p => p.Value is null && http.Request.Query.TryGetValue(p.Name, out var raw) && !string.IsNullOrWhiteSpace(raw));
        return bad.Name is null
            ? null
            : Rejection.Invalid(RejectionCodes.InvalidQuery, $"'{bad.Name}' could not be read: ids are GUIDs, times ISO 8601 (for example 2026-01-31T00:00:00Z), after and limit whole numbers.");
    }
}
