using EventSourcedTenancy.Rules;
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
    /// <summary>The matching entries after <paramref name="after"/> (a sequence), in sequence order, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<AuditEntry>> PageAsync(IQuerySession session, long after, int limit, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var tenant = TenantId;
        var query = session.Query<AuditEntry>().Where(x => x.Sequence > after && (x.TenantId == tenant || x.ActorTenantId == tenant));
        if (Actor is { } actor)
        {
            query = query.Where(x => x.Actor == actor);
        }

        if (ActingAs is { } actingAs)
        {
            query = query.Where(x => x.ActingAs == actingAs);
        }

        if (Target is { } target)
        {
            query = query.Where(x => x.Target == target);
        }

        if (Operation is { Length: > 0 } operation)
        {
            query = query.Where(x => x.Operation == operation || x.EventType == operation);
        }

        if (From is { } from)
        {
            query = query.Where(x => x.Timestamp >= from);
        }

        if (To is { } to)
        {
            query = query.Where(x => x.Timestamp < to);
        }

        return query.OrderBy(x => x.Sequence).Take(limit).ToListAsync(cancellation);
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
