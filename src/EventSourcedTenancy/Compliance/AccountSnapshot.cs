using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace EventSourcedTenancy.Compliance;

/// <summary>An account's state after every <see cref="AccountSnapshots.Every"/>-th event: where an as-of query starts folding.</summary>
public sealed record AccountSnapshot
{
    public string Id { get; init; } = string.Empty;
    public Guid AccountId { get; init; }
    public long Version { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public Account? State { get; init; }

    public static string IdFor(Guid accountId, long version) => $"{accountId:N}:{version}";
}

/// <summary>
/// Keeps snapshots of long account histories, run by the async daemon over committed events, so the cost
/// of an as-of query stops growing with the history: it folds at most <see cref="Every"/> events on top
/// of the nearest snapshot.
/// </summary>
public sealed class AccountSnapshots : IProjection
{
    public const string Name = "AccountSnapshots";
    public const int Every = 500;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var stream in events.Where(e => e.Version % Every == 0 && Account.EventTypes.Contains(e.EventType)).GroupBy(e => e.StreamId))
        {
            var targets = stream.Select(e => e.Version).Order().ToList();
            var start = await LatestAsync(operations, stream.Key, targets[0] - 1, null, cancellation);
            var state = start?.State;
            var history = await operations.Events.FetchStreamAsync(stream.Key, targets[^1], fromVersion: (start?.Version ?? 0) + 1, token: cancellation);
            foreach (var e in history)
            {
                state = Account.Fold(state, e.Data);
                if (targets.Contains(e.Version))
                {
                    operations.Store(new AccountSnapshot
                    {
                        Id = AccountSnapshot.IdFor(stream.Key, e.Version),
                        AccountId = stream.Key,
                        Version = e.Version,
                        Timestamp = EventTime.Stored(e.Timestamp),
                        State = state,
                    });
                }
            }
        }
    }

    /// <summary>The latest snapshot at or before a version and a moment, if any.</summary>
    public static async Task<AccountSnapshot?> LatestAsync(IQuerySession session, Guid accountId, long? version, DateTimeOffset? at, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var query = session.Query<AccountSnapshot>().Where(s => s.AccountId == accountId);
        if (version is { } v)
        {
            query = query.Where(s => s.Version <= v);
        }

        if (at is { } moment)
        {
            query = query.Where(s => s.Timestamp <= moment);
        }

        var found = await query.OrderByDescending(s => s.Version).Take(1).ToListAsync(cancellation);
        return found.Count == 0 ? null : found[0];
    }
}

public static class AccountSnapshotConfiguration
{
    public static void ConfigureAccountSnapshots(this StoreOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Projections.Add(new AccountSnapshots(), ProjectionLifecycle.Async, AccountSnapshots.Name, async => async.DeleteViewTypeOnTeardown<AccountSnapshot>());
        opts.Schema.For<AccountSnapshot>().Index(x => x.AccountId);
    }
}
