using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class DefineCustomRoleHandler
{
    public static Task<Decision> Decide(CommandScope scope, DefineCustomRole command) =>
        Load.TenantCommand(scope, command.TenantId, command, (tenant, c, actor, now) => DefineCustomRole.Decide(tenant, c, actor, CommandScope.NewId(), now));

    public static Task<CommandOutcome> Handle(DefineCustomRole command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class DefineCustomRoleEndpoint
{
    [WolverinePost("/tenants/{tenantId}/roles", OperationId = "DefineCustomRole")]
    [Tags("Tenants")]
    [EndpointSummary("Defines a custom role: a named set of capabilities the definer holds.")]
    public static Task<IResult> Post(Guid tenantId, NewCustomRole body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new DefineCustomRole(tenantId, body.Name, body.Capabilities), http, DefineCustomRoleHandler.Decide);
    }
}
