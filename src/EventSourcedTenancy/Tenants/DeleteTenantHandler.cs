using EventSourcedTenancy.Commands;
using Marten;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class DeleteTenantHandler
{
    public static async Task<Decision> Decide(CommandScope scope, DeleteTenant command)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(command);
        var tenant = await scope.TenantAsync(command.TenantId, isTarget: true);
        if (tenant is null)
        {
            return Missing.Tenant(command.TenantId);
        }

        var liveChildren = await scope.Query.Query<Tenant>().CountAsync(t => t.ParentId == command.TenantId && !t.IsDeleted);
        var actor = await scope.ActorInAsync(command.TenantId);
        return actor.Rejection ?? DeleteTenant.Decide(tenant, liveChildren, command, actor.Context, scope.Now);
    }

    public static Task<CommandOutcome> Handle(DeleteTenant command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class DeleteTenantEndpoint
{
    [WolverinePost("/tenants/{tenantId}/delete", OperationId = "DeleteTenant")]
    [Tags("Tenants")]
    [EndpointSummary("Deletes the tenant (Owners only); confirm by typing the tenant's name.")]
    public static Task<IResult> Post(Guid tenantId, TenantDeletion body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new DeleteTenant(tenantId, body.ConfirmationName, body.Reason), http, DeleteTenantHandler.Decide);
    }
}
