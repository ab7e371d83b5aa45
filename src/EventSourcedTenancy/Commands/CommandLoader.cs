using System.Collections.Concurrent;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.RecycleBin;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Users;
using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;

namespace EventSourcedTenancy.Commands;

/// <summary>What the loader read for one command: the inputs to decide on, and the streams to append to.</summary>
/// <param name="Inputs">What the decider sees.</param>
/// <param name="ActorRejection">Why the caller's authority could not be resolved (a refused impersonation), if so.</param>
/// <param name="Processed">The first outcome of this command id, when it is a repeat.</param>
/// <param name="TargetVersion">The version of the plan's target stream (0 when it does not exist).</param>
/// <param name="Tenants">The tenant streams fetched for writing.</param>
/// <param name="Accounts">The account streams fetched for writing.</param>
/// <param name="Application">The application stream fetched for writing, when the plan names one.</param>
public sealed record CommandRead(
    CommandInputs Inputs,
    Rejection? ActorRejection,
    ProcessedCommand? Processed,
    long TargetVersion,
    IReadOnlyDictionary<Guid, IEventStream<Tenant>> Tenants,
    IReadOnlyDictionary<Guid, IEventStream<Account>> Accounts,
    IEventStream<Application>? Application = null);

/// <summary>
/// Reads what a command's <see cref="ReadPlan"/> asks for in one batched query (one round trip): the
/// idempotency record, the streams to write (Marten's FetchForWriting, so the append checks the versions
/// read), the caller's accounts, the tenant chain from the root down (one recursive query), and the
/// extra facts some commands need. The home tenant of an account never changes, so it is remembered once
/// seen; an account this node has never seen costs one extra look-up.
/// </summary>
public sealed class CommandLoader(IDocumentStore store, TimeProvider clock, RecycleBinSettings recycleBin, SecretSealer sealer)
{
    private const int MaximumDepth = 64;
    private const int RememberedHomes = 200_000;

    private readonly ConcurrentDictionary<Guid, Guid> homes = new();
    private readonly Lazy<string> chainQuery = new(() => ChainQuery(store));

    public async Task<CommandRead> ReadAsync(IDocumentSession session, ReadPlan plan, CommandMetadata metadata, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(metadata);
        var scope = plan.ScopeTenant ?? plan.Tenant
            ?? (plan.Account is { } target ? await HomeOfAsync<Account>(session, target, a => a.TenantId, cancellation)
                : plan.Application is { } applicationId ? await HomeOfAsync<Application>(session, applicationId, a => a.TenantId, cancellation)
                : null);

        var batch = session.CreateBatchQuery();

        // The account's home tenant is written too when the decision changes the tenant's owners.
        Guid?[] tenantIds = [plan.Tenant, plan.Account is not null ? scope : null];
        var tenants = tenantIds.OfType<Guid>().Distinct().ToDictionary(id => id, id => batch.Events.FetchForWriting<Tenant>(id));
        Guid?[] accountIds = [plan.Account, .. (plan.OtherAccounts ?? []).Select(id => (Guid?)id)];
        var accounts = accountIds.OfType<Guid>().Distinct().ToDictionary(id => id, id => batch.Events.FetchForWriting<Account>(id));
        var application = plan.Application is { } written ? batch.Events.FetchForWriting<Application>(written) : null;

        // The user rows of the accounts written, into the session's identity map: the inline projection then
        // folds onto them at commit instead of loading them again.
        foreach (var id in accounts.Keys)
        {
            _ = batch.Load<UserView>(id);
        }
        Guid?[] callerIds = [metadata.ActorAccountId, metadata.ActAsAccountId];
        var callers = callerIds.OfType<Guid>().Distinct().Where(id => !accounts.ContainsKey(id)).ToDictionary(id => id, id => batch.Load<Account>(id));
        var chain = scope is { } chainEnd ? batch.Query<Tenant>(chainQuery.Value, chainEnd) : null;
        var normalizedEmail = InputValidation.NormalizeEmail(plan.EmailInScope ?? string.Empty);
        var withEmail = plan.EmailInScope is not null && scope is { } emailTenant
            ? batch.Query<Account>().Where(a => a.TenantId == emailTenant && a.Email == normalizedEmail).ToList()
            : null;
        var batchEmails = plan.EmailsInScope is { Count: > 0 } emails && scope is { } batchTenant
            ? TakenEmailsQuery(batch, batchTenant, [.. emails.Select(InputValidation.NormalizeEmail).Distinct()])
            : null;
        var children = plan.CountLiveChildren && plan.Tenant is { } parent
            ? batch.Query<Tenant>().Where(t => t.ParentId == parent && !t.IsDeleted).Count()
            : null;
        // The recycle bin's row of the target, likewise (it also tells when a deleted account was deleted).
        var deleted = plan.Target is { } binned ? batch.Load<RecycleBinItem>(binned) : null;
        // Last in the batch: each statement of the batch sees what was committed when it ran, so a concurrent
        // first run of the same command that any earlier statement already saw is seen here too (its outcome
        // is committed with its events), and the repeat is answered instead of decided on the changed state.
        var processed = metadata.CommandId is { } key ? batch.Load<ProcessedCommand>(ProcessedCommand.IdFor(metadata.ActorAccountId, key)) : null;
        await batch.Execute(cancellation);

        var tenantStreams = new Dictionary<Guid, IEventStream<Tenant>>();
        foreach (var (id, fetch) in tenants)
        {
            tenantStreams[id] = await fetch;
        }

        var accountStreams = new Dictionary<Guid, IEventStream<Account>>();
        var known = new Dictionary<Guid, Account>();
        foreach (var (id, fetch) in accounts)
        {
            var stream = await fetch;
            accountStreams[id] = stream;
            if (stream.Aggregate is { } account)
            {
                known[id] = account;
                Remember(account.Id, account.TenantId);
            }
        }

        foreach (var (id, load) in callers)
        {
            if (await load is { } account)
            {
                known[id] = account;
            }
        }

        var applicationStream = application is null ? null : await application;
        var orderedChain = scope is { } scopeId && chain is not null ? Order(await chain, scopeId, tenantStreams) : [];
        var tenant = plan.Tenant is { } tenantId && tenantStreams.TryGetValue(tenantId, out var tenantStream) ? tenantStream.Aggregate : null;
        var scopeTenant = scope ?? Guid.Empty;
        var actor = plan.SystemActor
            ? new ActorResolution(ActorContext.System(scopeTenant), null)
            : ActorResolver.ResolveCaller(metadata.ActorAccountId, metadata.ActAsAccountId, orderedChain, id => known.GetValueOrDefault(id), scopeTenant, clock.GetUtcNow());
        var inputs = new CommandInputs(
            plan,
            orderedChain,
            tenant,
            known,
            withEmail is null ? null : (await withEmail).FirstOrDefault(),
            children is null ? 0 : (int)await children,
            plan.DeletedAt && deleted is not null ? (await deleted)?.DeletedAt : null,
            recycleBin.Retention,
            actor.Context,
            clock.GetUtcNow(),
            Guid.CreateVersion7)
        {
            TakenEmails = batchEmails is null ? new Dictionary<string, AccountState>() : await batchEmails,
            Application = applicationStream?.Aggregate,
        };
        var targetVersion = applicationStream is not null ? applicationStream.StartingVersion ?? 0
            : plan.Account is { } a ? accountStreams[a].StartingVersion ?? 0
            : plan.Tenant is { } t ? tenantStreams[t].StartingVersion ?? 0
            : 0;
        return new CommandRead(inputs, actor.Rejection, processed is null ? null : await processed, targetVersion, tenantStreams, accountStreams, applicationStream);
    }

    /// <summary>
    /// The caller's authority in a tenant, for a read: the chain and the caller's accounts in one batched
    /// query, resolved exactly as for a command. The chain is empty when the tenant does not exist.
    /// </summary>
    public async Task<(IReadOnlyList<Tenant> Chain, ActorResolution Caller)> CallerInAsync(
        IQuerySession session, CommandMetadata metadata, Guid tenantId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(metadata);
        var batch = session.CreateBatchQuery();
        Guid?[] callerIds = [metadata.ActorAccountId, metadata.ActAsAccountId];
        var callers = callerIds.OfType<Guid>().Distinct().ToDictionary(id => id, id => batch.Load<Account>(id));
        var chain = batch.Query<Tenant>(chainQuery.Value, tenantId);
        await batch.Execute(cancellation);
        var known = new Dictionary<Guid, Account>();
        foreach (var (id, load) in callers)
        {
            if (await load is { } account)
            {
                known[id] = account;
            }
        }

        var ordered = Order(await chain, tenantId, new Dictionary<Guid, IEventStream<Tenant>>());
        return (ordered, ActorResolver.ResolveCaller(metadata.ActorAccountId, metadata.ActAsAccountId, ordered, id => known.GetValueOrDefault(id), tenantId, clock.GetUtcNow()));
    }

    /// <summary>The tenant's accounts, not erased, that hold one of <paramref name="emails"/>: email and state.</summary>
    private static Task<Dictionary<string, AccountState>> TakenEmailsQuery(IBatchedQuery batch, Guid tenantId, string[] emails)
    {
        var holders = batch.Query<Account>()
            .Where(a => a.TenantId == tenantId && a.Email.IsOneOf(emails) && a.State != AccountState.Erased)
            .Select(a => new TakenEmail(a.Email!, a.State))
            .ToList();
        return holders.ContinueWith(t => t.Result.ToDictionary(h => h.Email, h => h.State, StringComparer.Ordinal), TaskScheduler.Default);
    }

    private sealed record TakenEmail(string Email, AccountState State);

    /// <summary>Whether this installation has a key to seal secrets with.</summary>
    public bool CanSealSecrets => sealer.CanSeal;

    /// <summary>A sealed pickup of a secret issued to a bus sender (<see cref="SecretPickupEndpoint"/>).</summary>
    public (SecretPickup Pickup, string Location) PickupFor(Guid accountId, string secret, DateTimeOffset now) =>
        SecretPickupEndpoint.For(sealer, accountId, secret, now);

    /// <summary>Whether the decision's secrets can be sealed here (a sealing key is configured), or it seals none.</summary>
    public bool CanSeal(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return sealer.CanSeal || decision.SealedSecrets.All(s => s.Value is null);
    }

    /// <summary>
    /// Appends an accepted decision's events, each to its stream, and seals or destroys its secrets in the same
    /// session; returns the version each stream has after it.
    /// </summary>
    public IReadOnlyDictionary<Guid, long> Append(IDocumentSession session, CommandRead read, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(decision);
        var versions = new Dictionary<Guid, long>();
        foreach (var stream in decision.Events.GroupBy(e => e.StreamId))
        {
            var streamId = stream.Key;
            var events = stream.Select(e => e.Event).ToList();
            var first = stream.First();
            long before = 0;
            if (first.StartsStream)
            {
                _ = first.Stream switch
                {
                    StreamKind.Tenant => session.Events.StartStream<Tenant>(streamId, events),
                    StreamKind.Application => session.Events.StartStream<Application>(streamId, events),
                    _ => session.Events.StartStream<Account>(streamId, events),
                };
            }
            else if (first.Stream == StreamKind.Tenant && read.Tenants.TryGetValue(streamId, out var tenant))
            {
                before = tenant.StartingVersion ?? 0;
                tenant.AppendMany(events);
            }
            else if (first.Stream == StreamKind.Account && read.Accounts.TryGetValue(streamId, out var account))
            {
                before = account.StartingVersion ?? 0;
                account.AppendMany(events);
            }
            else if (first.Stream == StreamKind.Application && read.Application is { } application && application.Id == streamId)
            {
                before = application.StartingVersion ?? 0;
                application.AppendMany(events);
            }
            else
            {
                throw new InvalidOperationException($"The decision appends to stream {streamId}, which its read plan did not fetch for writing.");
            }

            foreach (var created in events)
            {
                if (created is AdminInvited or AdminCreated or UserCreated && Account.Fold(null, created) is { } account)
                {
                    Remember(account.Id, account.TenantId);
                }
            }

            versions[streamId] = before + events.Count;
        }

        foreach (var secret in decision.SealedSecrets)
        {
            if (secret.Value is { } value)
            {
                session.Store(new SealedSecret { Id = secret.Id, TenantId = secret.TenantId, Ciphertext = sealer.Seal(secret.Id, value) });
            }
            else
            {
                session.Delete<SealedSecret>(secret.Id);
            }
        }

        return versions;
    }

    /// <summary>The tenant an account or application belongs to (it never changes): remembered, else read from its document.</summary>
    private async Task<Guid?> HomeOfAsync<T>(IDocumentSession session, Guid id, Func<T, Guid> tenantOf, CancellationToken cancellation)
        where T : notnull
    {
        if (homes.TryGetValue(id, out var home))
        {
            return home;
        }

        if (await session.LoadAsync<T>(id, cancellation) is not { } document)
        {
            return null;
        }

        Remember(id, tenantOf(document));
        return tenantOf(document);
    }

    private void Remember(Guid accountId, Guid tenantId)
    {
        if (homes.Count >= RememberedHomes)
        {
            homes.Clear();
        }

        homes[accountId] = tenantId;
    }

    /// <summary>The chain from the root down to <paramref name="last"/>; empty when it does not exist or is broken.</summary>
    private static List<Tenant> Order(IReadOnlyList<Tenant> found, Guid last, IReadOnlyDictionary<Guid, IEventStream<Tenant>> fetched)
    {
        var byId = found.ToDictionary(t => t.Id);
        foreach (var (id, stream) in fetched)
        {
            if (stream.Aggregate is { } aggregate)
            {
                byId[id] = aggregate;
            }
        }

        var chain = new List<Tenant>();
        Guid? next = last;
        while (next is { } id && byId.TryGetValue(id, out var tenant) && chain.Count < MaximumDepth)
        {
            chain.Add(tenant);
            next = tenant.ParentId;
        }

        chain.Reverse();
        return next is null ? chain : [];
    }

    /// <summary>The tenant and its ancestors, by the duplicated parent column (a where clause Marten completes).</summary>
    private static string ChainQuery(IDocumentStore store)
    {
        var table = $"{store.Options.DatabaseSchemaName}.mt_doc_tenant";
        return $"""
            where id in (
              with recursive chain(id, parent_id, depth) as (
                select id, parent_id, 0 from {table} where id = ?
                union all
                select t.id, t.parent_id, c.depth + 1 from {table} t join chain c on t.id = c.parent_id where c.depth < {MaximumDepth})
              select id from chain)
            """;
    }
}
