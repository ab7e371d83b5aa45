using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Erasure;
using EventSourcedTenancy.Tenants;
using Marten;

namespace EventSourcedTenancy.Compliance;

/// <summary>A state as it was, with the version of its stream it reflects.</summary>
public sealed record AsOfState<T>(T State, long Version, DateTimeOffset? At);

/// <summary>A period during which an account held (or did not hold) a capability; <see cref="Until"/> null: still so.</summary>
public sealed record CapabilityPeriod(bool Held, DateTimeOffset From, DateTimeOffset? Until);

/// <summary>An account's effective capabilities in a tenant at a moment.</summary>
public sealed record CapabilitiesAt(Guid AccountId, Guid TenantId, DateTimeOffset At, string? Role, AuthoritySource Source, IReadOnlyList<Capability> Capabilities);

/// <summary>
/// Compliance replay: the state of a tenant or an account at any moment, rebuilt by folding exactly the
/// events up to that moment with the domain's own Fold, never from the current documents.
/// </summary>
public static class AsOf
{
    public static async Task<AsOfState<T>?> StateAsync<T>(IQuerySession session, Guid id, Func<IEnumerable<object>, T> fold, DateTimeOffset? at, long? version, CancellationToken cancellation)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(fold);
        var events = await session.Events.FetchStreamAsync(id, version ?? 0, at, token: cancellation);
        return events.Count == 0 ? null : new AsOfState<T>(fold(events.Select(e => e.Data)), events[^1].Version, at);
    }

    /// <summary>
    /// The account then: the nearest snapshot at or before the moment, and the events after it folded on top,
    /// read in version-bounded pages so a moment in a long history never scans the rest of the stream.
    /// </summary>
    public static async Task<AsOfState<Account>?> AccountAsync(IQuerySession session, Guid id, DateTimeOffset? at, long? version, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        // An erased account is folded from its events with its personal data masked; its snapshots are not used.
        var erased = await PersonalData.IsErasedAsync(session, id, cancellation);
        var fold = PersonalData.FoldFor(erased);
        var snapshot = erased ? null : await AccountSnapshots.LatestAsync(session, id, version, at, cancellation);
        var state = snapshot?.State;
        var last = snapshot?.Version ?? 0;
        for (var from = last + 1; version is null || from <= version;)
        {
            var upper = from + AccountSnapshots.Every - 1;
            if (version is { } limit)
            {
                upper = Math.Min(upper, limit);
            }

            var page = await session.Events.FetchStreamAsync(id, upper, at, fromVersion: from, token: cancellation);
            foreach (var e in page)
            {
                state = fold(state, e.Data);
                last = e.Version;
            }

            if (page.Count < upper - from + 1)
            {
                break;
            }

            from = upper + 1;
        }

        return state is null ? null : new AsOfState<Account>(state, last, at);
    }

    public static Task<AsOfState<Tenant>?> TenantAsync(IQuerySession session, Guid id, DateTimeOffset? at, long? version, CancellationToken cancellation) =>
        StateAsync(session, id, Tenant.Fold, at, version, cancellation);

    /// <summary>The tenants from the root down to <paramref name="tenantId"/> as they were at <paramref name="at"/>; empty when it did not exist yet.</summary>
    public static async Task<IReadOnlyList<Tenant>> ChainAsync(IQuerySession session, Guid tenantId, DateTimeOffset at, CancellationToken cancellation)
    {
        var chain = new List<Tenant>();
        for (Guid? next = tenantId; next is { } id && chain.Count < 64;)
        {
            var tenant = await TenantAsync(session, id, at, null, cancellation);
            if (tenant is null)
            {
                return [];
            }

            chain.Insert(0, tenant.State);
            next = tenant.State.ParentId;
        }

        return chain;
    }

    /// <summary>What the account could do in the tenant at that moment, by the same resolver that decides commands.</summary>
    public static async Task<CapabilitiesAt?> CapabilitiesAsync(IQuerySession session, Guid accountId, Guid tenantId, DateTimeOffset at, CancellationToken cancellation)
    {
        var account = await AccountAsync(session, accountId, at, null, cancellation);
        var chain = await ChainAsync(session, tenantId, at, cancellation);
        if (account is null || chain.Count == 0)
        {
            return null;
        }

        var context = ActorResolver.Resolve(account.State, chain);
        return new CapabilitiesAt(accountId, tenantId, at, context.EffectiveRole?.ToString(), context.Source, [.. context.Capabilities.Order()]);
    }

    /// <summary>
    /// When an account gained and lost a capability in a tenant: the account's authority is re-evaluated at
    /// every event of the account and of every tenant on the path down to the tenant (anything that can change
    /// it), and each change of holding is one period.
    /// </summary>
    public static async Task<IReadOnlyList<CapabilityPeriod>> CapabilityHistoryAsync(
        IQuerySession session, Guid accountId, Guid tenantId, Capability capability, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var current = await ChainAsync(session, tenantId, DateTimeOffset.MaxValue, cancellation);
        var streams = current.Select(t => t.Id).Append(accountId).ToList();
        var moments = new SortedSet<DateTimeOffset>();
        foreach (var stream in streams)
        {
            foreach (var e in await session.Events.FetchStreamAsync(stream, token: cancellation))
            {
                moments.Add(e.Timestamp);
            }
        }

        var periods = new List<CapabilityPeriod>();
        foreach (var moment in moments)
        {
            var held = (await CapabilitiesAsync(session, accountId, tenantId, moment, cancellation))?.Capabilities.Contains(capability) ?? false;
            if (periods.Count == 0 ? held : periods[^1].Held != held)
            {
                if (periods.Count > 0)
                {
                    periods[^1] = periods[^1] with { Until = moment };
                }

                periods.Add(new CapabilityPeriod(held, moment, null));
            }
        }

        return periods;
    }

    /// <summary>
    /// Who held a capability in a tenant at a moment: every account of the tenant or of its ancestors (which
    /// may administer it by inheritance) that existed then, resolved as of then.
    /// </summary>
    public static async Task<IReadOnlyList<CapabilitiesAt>> WhoHeldAsync(IQuerySession session, Guid tenantId, Capability capability, DateTimeOffset at, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var chain = await ChainAsync(session, tenantId, at, cancellation);
        if (chain.Count == 0)
        {
            return [];
        }

        var tenantIds = chain.Select(t => t.Id).ToArray();
        var candidates = await session.Query<Account>().Where(a => a.TenantId.IsOneOf(tenantIds)).Select(a => a.Id).ToListAsync(cancellation);
        var holders = new List<CapabilitiesAt>();
        foreach (var candidate in candidates)
        {
            if (await CapabilitiesAsync(session, candidate, tenantId, at, cancellation) is { } held && held.Capabilities.Contains(capability))
            {
                holders.Add(held);
            }
        }

        return holders;
    }
}
