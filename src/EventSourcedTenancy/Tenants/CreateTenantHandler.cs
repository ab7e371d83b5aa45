using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class CreateTenantHandler
{
    public static async Task<Decision> Decide(CommandScope scope, CreateTenant command)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(command);
        var parent = await scope.TenantAsync(command.ParentTenantId);
        if (parent is null)
        {
            return Missing.Tenant(command.ParentTenantId);
        }

        var actor = await scope.ActorInAsync(command.ParentTenantId);
        return actor.Rejection ?? CreateTenant.Decide(parent, command, actor.Context, CommandScope.NewId(), CommandScope.NewId(), scope.Now);
    }

    public static Task<CommandOutcome> Handle(CreateTenant command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class CreateTenantEndpoint
{
    [WolverinePost("/tenants", OperationId = "CreateTenant")]
    [Tags("Tenants")]
    [EndpointSummary("Creates a child tenant with its first Owner.")]
    public static Task<IResult> Post(CreateTenant body, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(body, http, CreateTenantHandler.Decide, outcome => $"/tenants/{outcome.StreamId}");
}
