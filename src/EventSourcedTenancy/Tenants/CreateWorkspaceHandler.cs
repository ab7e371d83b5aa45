using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class CreateWorkspaceHandler
{
    public static Task<Decision> Decide(CommandScope scope, CreateWorkspace command) =>
        Load.TenantCommand(scope, command.TenantId, command, (tenant, c, actor, now) => CreateWorkspace.Decide(tenant, c, actor, CommandScope.NewId(), now));

    public static Task<CommandOutcome> Handle(CreateWorkspace command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class CreateWorkspaceEndpoint
{
    [WolverinePost("/tenants/{tenantId}/workspaces", OperationId = "CreateWorkspace")]
    [Tags("Tenants")]
    [EndpointSummary("Creates a workspace (managed group) inside the tenant.")]
    public static Task<IResult> Post(Guid tenantId, NewWorkspace body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new CreateWorkspace(tenantId, body.Name), http, CreateWorkspaceHandler.Decide);
    }
}
