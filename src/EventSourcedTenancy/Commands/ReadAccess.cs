using EventSourcedTenancy.Authorization;
using Marten;

namespace EventSourcedTenancy.Commands;

/// <summary>A document with the stream version it reflects; the version is also sent as the ETag.</summary>
public sealed record Versioned<T>(long Version, T Value);

/// <summary>Resolves the caller's authority for a read, with the same rules as for commands.</summary>
public sealed class ReadAccess(IDocumentStore store, CommandLoader loader)
{
    /// <summary>
    /// Null when the caller holds <paramref name="capability"/> in the tenant (resolved as for a command);
    /// otherwise why not: an unknown tenant, a refused impersonation, or the missing capability.
    /// </summary>
    public static async Task<Rejection?> RefusalAsync(IDocumentStore store, HttpContext http, Guid tenantId, Capability capability)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(http);
        await using var session = store.QuerySession();
        var loader = http.RequestServices.GetRequiredService<CommandLoader>();
        var (chain, actor) = await loader.CallerInAsync(session, CommandMetadata.FromHttp(http), tenantId, http.RequestAborted);
        if (chain.Count == 0)
        {
            return Missing.Tenant(tenantId);
        }

        if (actor.Rejection is { } refused)
        {
            return refused;
        }

        return actor.Context.Has(capability)
            ? null
            : Rejection.Forbidden(
                "missing_capability",
                $"This needs the {capability} capability in tenant {tenantId}; ask an administrator of the tenant for a role that holds it.");
    }

    public async Task<IResult> ReadAsync<T>(
        HttpContext http, Guid streamId, Func<T, Guid> tenantOf, Func<ActorContext, T, bool> mayRead, Func<Guid, Rejection> missing)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tenantOf);
        ArgumentNullException.ThrowIfNull(mayRead);
        ArgumentNullException.ThrowIfNull(missing);
        await using var session = store.LightweightSession();
        var value = await session.Events.FetchLatest<T>(streamId, http.RequestAborted);
        var state = await session.Events.FetchStreamStateAsync(streamId, http.RequestAborted);
        if (value is null || state is null)
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
            return CommandOutcome.Reject(Rejection.Forbidden(
                "missing_capability", "You have no authority to read this; ask an administrator of its tenant.")).ToHttp();
        }

        http.Response.Headers.ETag = $"\"{state.Version}\"";
        return Results.Ok(new Versioned<T>(state.Version, value));
    }
}
