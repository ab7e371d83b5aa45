using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;
using Marten;

namespace EventSourcedTenancy.Commands;

/// <summary>A document with the stream version it reflects; the version is also sent as the ETag.</summary>
public sealed record Versioned<T>(long Version, T Value);

/// <summary>Resolves the caller's authority for a read, with the same rules as for commands.</summary>
public sealed class ReadAccess(IDocumentStore store, CommandLoader loader)
{
    /// <summary>
    /// Null when the caller holds <paramref name="capability"/> in the tenant (resolved as for a command);
    /// otherwise why not (see <see cref="Refusal(IReadOnlyList{Tenant}, ActorResolution, Guid, Capability)"/>).
    /// </summary>
    public static async Task<Rejection?> RefusalAsync(IDocumentStore store, HttpContext http, Guid tenantId, Capability capability)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.QuerySession();
        var loader = http.RequestServices.GetRequiredService<CommandLoader>();
        var (chain, actor) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantId, http.RequestAborted);
        return Refusal(chain, actor, tenantId, capability);
    }

    /// <summary>
    /// Why the caller may not read what needs <paramref name="capability"/> in the tenant, or null. A caller
    /// with no authority at all in the tenant gets the answer an unknown tenant gets: it learns nothing, not
    /// even that the tenant exists. A caller with some authority there is told which capability it lacks.
    /// </summary>
    public static Rejection? Refusal(IReadOnlyList<Tenant> chain, ActorResolution actor, Guid tenantId, Capability capability)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(actor);
        if (Unreached(chain, actor, tenantId) is { } unreached)
        {
            return unreached;
        }

        return actor.Context.Has(capability)
            ? null
            : Rejection.Forbidden(
                "missing_capability",
                $"This needs the {capability} capability in tenant {tenantId}; ask an administrator of the tenant for a role that holds it.");
    }

    /// <summary>
    /// Like <see cref="Refusal(IReadOnlyList{Tenant}, ActorResolution, Guid, Capability)"/> for a read that either of two
    /// capabilities allows (the one that changes a thing, or the one that views it).
    /// </summary>
    public static Rejection? Refusal(IReadOnlyList<Tenant> chain, ActorResolution actor, Guid tenantId, Capability changes, Capability views)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Refusal(chain, actor, tenantId, actor.Context.Has(changes) ? changes : views);
    }

    /// <summary>
    /// The refusal of a caller whose actor resolution failed, or who has no authority at all in the tenant (the
    /// answer an unknown tenant gets); null when the caller has some authority there.
    /// </summary>
    public static Rejection? Unreached(IReadOnlyList<Tenant> chain, ActorResolution actor, Guid tenantId)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Rejection ?? (chain.Count == 0 || actor.Context.Capabilities.Count == 0 ? Missing.Tenant(tenantId) : null);
    }

    /// <summary>
    /// Reads a stream's current state as the caller may see it. A caller who may not read it gets the same
    /// answer as for an id that names nothing: it learns nothing, not even that the id exists.
    /// </summary>
    public async Task<IResult> ReadAsync<T, TView>(
        HttpContext http, Guid streamId, Func<T, Guid> tenantOf, Func<ActorContext, T, bool> mayRead, Func<ActorContext, T, TView> view,
        Func<Guid, Rejection> missing)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tenantOf);
        ArgumentNullException.ThrowIfNull(mayRead);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(missing);
        await using var session = store.LightweightSession();
        // A stream of another kind (a tenant's id where an account's is expected) names nothing here.
        var state = await session.Events.FetchStreamStateAsync(streamId, http.RequestAborted);
        if (state is null || state.AggregateType is { } type && type != typeof(T))
        {
            return CommandOutcome.Reject(missing(streamId)).ToHttp();
        }

        var value = await session.Events.FetchLatest<T>(streamId, http.RequestAborted);
        if (value is null)
        {
            return CommandOutcome.Reject(missing(streamId)).ToHttp();
        }

        var (_, actor) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantOf(value), http.RequestAborted);
        if (actor.Rejection is { } refused)
        {
            return CommandOutcome.Reject(refused).ToHttp();
        }

        if (!mayRead(actor.Context, value))
        {
            return CommandOutcome.Reject(missing(streamId)).ToHttp();
        }

        http.Response.Headers.ETag = $"\"{state.Version}\"";
        return Results.Ok(new Versioned<TView>(state.Version, view(actor.Context, value)));
    }
}
