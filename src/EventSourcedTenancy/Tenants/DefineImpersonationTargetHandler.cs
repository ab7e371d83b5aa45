using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class DefineImpersonationTargetHandler
{
    public static async Task<Decision> Decide(CommandScope scope, DefineImpersonationTarget command)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(command);
        var tenant = await scope.TenantAsync(command.TenantId, isTarget: true);
        if (tenant is null)
        {
            return Missing.Tenant(command.TenantId);
        }

        var chain = await scope.ChainAsync(command.TenantId);
        var superuser = await scope.AccountAsync(command.SuperuserAccountId);
        if (superuser is null)
        {
            return Missing.Account(command.SuperuserAccountId);
        }

        var actor = await scope.ActorInAsync(command.TenantId);
        return actor.Rejection ?? DefineImpersonationTarget.Decide(tenant, chain[0], superuser, command, actor.Context, scope.Now);
    }

    public static Task<CommandOutcome> Handle(DefineImpersonationTarget command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class DefineImpersonationTargetEndpoint
{
    [WolverinePost("/tenants/{tenantId}/impersonation-targets", OperationId = "DefineImpersonationTarget")]
    [Tags("Tenants")]
    [EndpointSummary("Defines the superuser as a target for impersonation in this operational tenant (seed 004).")]
    public static Task<IResult> Post(Guid tenantId, ImpersonationTarget body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new DefineImpersonationTarget(tenantId, body.SuperuserAccountId), http, DefineImpersonationTargetHandler.Decide);
    }
}
