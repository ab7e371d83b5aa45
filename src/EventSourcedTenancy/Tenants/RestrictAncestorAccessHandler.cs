using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class RestrictAncestorAccessHandler
{
    public static Task<Decision> Decide(CommandScope scope, RestrictAncestorAccess command) =>
        Load.TenantCommand(scope, command.TenantId, command, RestrictAncestorAccess.Decide);

    public static Task<CommandOutcome> Handle(RestrictAncestorAccess command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class RestrictAncestorAccessEndpoint
{
    [WolverinePut("/tenants/{tenantId}/ancestor-access", OperationId = "RestrictAncestorAccess")]
    [Tags("Tenants")]
    [EndpointSummary("Restricts (or allows again) administration of this tenant by administrators of its ancestors.")]
    public static Task<IResult> Put(Guid tenantId, AncestorAccessChange body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new RestrictAncestorAccess(tenantId, body.Restrict, body.Reason), http, RestrictAncestorAccessHandler.Decide);
    }
}
