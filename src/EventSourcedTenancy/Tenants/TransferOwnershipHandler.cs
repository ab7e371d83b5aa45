using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class TransferOwnershipHandler
{
    public static async Task<Decision> Decide(CommandScope scope, TransferOwnership command)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(command);
        var tenant = await scope.TenantAsync(command.TenantId, isTarget: true);
        if (tenant is null)
        {
            return Missing.Tenant(command.TenantId);
        }

        var from = await scope.AccountAsync(command.FromAccountId);
        var to = await scope.AccountAsync(command.ToAccountId);
        if (from is null || to is null)
        {
            return Missing.Account(from is null ? command.FromAccountId : command.ToAccountId);
        }

        var actor = await scope.ActorInAsync(command.TenantId);
        return actor.Rejection ?? TransferOwnership.Decide(tenant, from, to, command, actor.Context, scope.Now);
    }

    public static Task<CommandOutcome> Handle(TransferOwnership command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class TransferOwnershipEndpoint
{
    [WolverinePost("/tenants/{tenantId}/ownership-transfer", OperationId = "TransferOwnership")]
    [Tags("Tenants")]
    [EndpointSummary("Transfers ownership from one account to another (Owners only).")]
    public static Task<IResult> Post(Guid tenantId, OwnershipTransfer body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new TransferOwnership(tenantId, body.FromAccountId, body.ToAccountId), http, TransferOwnershipHandler.Decide);
    }
}
