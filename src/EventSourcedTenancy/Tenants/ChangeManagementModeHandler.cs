using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class ChangeManagementModeHandler
{
    public static Task<Decision> Decide(CommandScope scope, ChangeManagementMode command) =>
        Load.TenantCommand(scope, command.TenantId, command, ChangeManagementMode.Decide);

    public static Task<CommandOutcome> Handle(ChangeManagementMode command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class ChangeManagementModeEndpoint
{
    [WolverinePut("/tenants/{tenantId}/management-mode", OperationId = "ChangeManagementMode")]
    [Tags("Tenants")]
    [EndpointSummary("Sets whether administrators of the parent tenants may manage this tenant (Partner and Customer tenants).")]
    public static Task<IResult> Put(Guid tenantId, ManagementModeChange body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new ChangeManagementMode(tenantId, body.ManagementMode), http, ChangeManagementModeHandler.Decide);
    }
}
