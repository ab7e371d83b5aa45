using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Records that the caller starts acting as the superuser in a tenant. Later commands carry the act-as
/// header (X-Act-As over HTTP) and are resolved with the same conditions.
/// </summary>
public static class BeginImpersonationHandler
{
    public static async Task<Decision> Decide(CommandScope scope, BeginImpersonation command)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(command);
        if (await scope.TenantAsync(command.TenantId, isTarget: true) is null)
        {
            return Missing.Tenant(command.TenantId);
        }

        var chain = await scope.ChainAsync(command.TenantId);
        var superuser = await scope.AccountAsync(command.SuperuserAccountId);
        if (superuser is null)
        {
            return Missing.Account(command.SuperuserAccountId);
        }

        var actorId = scope.Metadata.ActorAccountId;
        var actor = actorId is { } id ? await scope.AccountAsync(id) : null;
        if (actor is null)
        {
            return Rejection.Forbidden("unknown_actor", "The calling account does not exist in this installation.");
        }

        // The audit envelope names the real actor and the identity acted as.
        await scope.ActorInAsync(command.TenantId);
        return BeginImpersonation.Decide(chain, actor, superuser, command, scope.Now);
    }

    public static Task<CommandOutcome> Handle(BeginImpersonation command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class BeginImpersonationEndpoint
{
    [WolverinePost("/tenants/{tenantId}/impersonation", OperationId = "BeginImpersonation")]
    [Tags("Tenants")]
    [EndpointSummary("Starts acting as the superuser in this tenant (needs the Impersonation privilege in the Infrastructure tenant).")]
    public static Task<IResult> Post(Guid tenantId, ImpersonationTarget body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new BeginImpersonation(tenantId, body.SuperuserAccountId), http, BeginImpersonationHandler.Decide);
    }
}
