using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;
using Marten;
using JasperFx.Events;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// What a command handler needs to load its inputs: aggregates fetched for writing (so that appending checks
/// the version they were read at), the actor resolved in a tenant, the clock and new ids. One per attempt.
/// </summary>
public sealed class CommandScope(IDocumentSession session, CommandMetadata metadata, DateTimeOffset now)
{
    private readonly Dictionary<Guid, IEventStream<Tenant>> tenants = [];
    private readonly Dictionary<Guid, IEventStream<Account>> accounts = [];

    public CommandMetadata Metadata => metadata;

    public DateTimeOffset Now => now;

    public IQuerySession Query => session;

    /// <summary>The actor resolved by the last <see cref="ActorInAsync"/>; recorded in the audit envelope.</summary>
    public ActorContext? Actor { get; private set; }

    /// <summary>Id for a new stream: time-ordered, so new streams sort by creation.</summary>
    public static Guid NewId() => Guid.CreateVersion7();

    /// <summary>The tenant, fetched for writing; null when there is none. Pass <paramref name="isTarget"/> for the command's target stream so the caller's expected version applies to it.</summary>
    public Task<Tenant?> TenantAsync(Guid tenantId, bool isTarget = false) => FetchAsync(tenants, tenantId, isTarget);

    /// <summary>The account, fetched for writing; null when there is none.</summary>
    public Task<Account?> AccountAsync(Guid accountId, bool isTarget = false) => FetchAsync(accounts, accountId, isTarget);

    private async Task<T?> FetchAsync<T>(Dictionary<Guid, IEventStream<T>> fetched, Guid id, bool isTarget)
        where T : class
    {
        if (!fetched.TryGetValue(id, out var stream))
        {
            stream = isTarget && metadata.ExpectedVersion is { } expected
                ? await session.Events.FetchForWriting<T>(id, expected)
                : await session.Events.FetchForWriting<T>(id);
            fetched[id] = stream;
        }

        return stream.Aggregate;
    }

    /// <summary>The account of this tenant that has this email address, if any (from the inline account snapshots).</summary>
    public async Task<Account?> AccountWithEmailAsync(Guid tenantId, string email)
    {
        var normalized = InputValidation.NormalizeEmail(email ?? string.Empty);
        var matches = await session.Query<Account>()
            .Where(a => a.TenantId == tenantId && a.Email == normalized)
            .Take(1)
            .ToListAsync();
        return matches.Count == 0 ? null : matches[0];
    }

    /// <summary>The tenants from the root down to <paramref name="tenantId"/>; empty when it does not exist.</summary>
    public async Task<IReadOnlyList<Tenant>> ChainAsync(Guid tenantId)
    {
        var chain = new List<Tenant>();
        Guid? next = tenantId;
        while (next is { } id && chain.Count < 64)
        {
            var tenant = tenants.TryGetValue(id, out var stream) ? stream.Aggregate : await session.Events.FetchLatest<Tenant>(id);
            if (tenant is null)
            {
                break;
            }

            chain.Insert(0, tenant);
            next = tenant.ParentId;
        }

        return chain.Count > 0 && chain[^1].Id == tenantId ? chain : [];
    }

    /// <summary>
    /// The actor's authority in the tenant: its own account resolved along the tenant chain, or, when the
    /// caller asks to act as a superuser, the impersonation (seed 004). Unknown actors get no authority.
    /// </summary>
    public async Task<ActorResolution> ActorInAsync(Guid tenantId)
    {
        if (metadata.ActorAccountId is not { } actorId)
        {
            return new ActorResolution(ActorContext.Nobody(Guid.Empty, tenantId), null);
        }

        var chain = await ChainAsync(tenantId);
        var actor = await session.Events.FetchLatest<Account>(actorId);
        if (chain.Count == 0 || actor is null)
        {
            Actor = ActorContext.Nobody(actorId, tenantId);
            return new ActorResolution(Actor, null);
        }

        if (metadata.ActAsAccountId is { } superuserId)
        {
            var superuser = await session.Events.FetchLatest<Account>(superuserId);
            if (superuser is null)
            {
                return new ActorResolution(ActorContext.Nobody(actorId, tenantId), Rejection.NotFound(
                    "impersonation_target_not_found", $"There is no account {superuserId} to act as; check the act-as header."));
            }

            var resolution = ActorResolver.ResolveImpersonation(actor, superuser, chain);
            Actor = resolution.Context ?? ActorContext.Nobody(actorId, tenantId);
            return new ActorResolution(Actor, resolution.Rejection);
        }

        Actor = ActorResolver.Resolve(actor, chain);
        return new ActorResolution(Actor, null);
    }

    /// <summary>Appends an accepted decision's events, each to its stream, checking the versions read.</summary>
    internal void Append(Decision decision)
    {
        foreach (var streamId in decision.Streams)
        {
            var events = decision.EventsFor(streamId);
            var kind = decision.Events.First(e => e.StreamId == streamId).Stream;
            var starts = decision.Events.First(e => e.StreamId == streamId).StartsStream;
            switch (kind)
            {
                case StreamKind.Tenant when tenants.TryGetValue(streamId, out var tenant) && !starts:
                    tenant.AppendMany(events);
                    break;
                case StreamKind.Tenant:
                    session.Events.StartStream<Tenant>(streamId, events);
                    break;
                case StreamKind.Account when accounts.TryGetValue(streamId, out var account) && !starts:
                    account.AppendMany(events);
                    break;
                case StreamKind.Account:
                    session.Events.StartStream<Account>(streamId, events);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown stream kind {kind}.");
            }
        }
    }

    /// <summary>The version each written stream has after the append.</summary>
    internal IReadOnlyDictionary<Guid, long> VersionsAfter(Decision decision) =>
        decision.Streams.ToDictionary(
            id => id,
            id => (tenants.TryGetValue(id, out var t) ? t.StartingVersion ?? 0 : accounts.TryGetValue(id, out var a) ? a.StartingVersion ?? 0 : 0)
                  + decision.EventsFor(id).Count);
}

/// <summary>The actor's context, or why impersonation was refused.</summary>
public sealed record ActorResolution(ActorContext Context, Rejection? Rejection);
