using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class InviteAdminHandler
{
    public static Task<Decision> Decide(CommandScope scope, InviteAdmin command) =>
        Load.NewAccountCommand(scope, command.TenantId, command.Email, command, InviteAdmin.Decide);

    public static Task<CommandOutcome> Handle(InviteAdmin command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class InviteAdminEndpoint
{
    [WolverinePost("/tenants/{tenantId}/admins", OperationId = "InviteAdmin")]
    [Tags("Accounts")]
    [EndpointSummary("Invites an administrator into the tenant (without a role: the lowest one).")]
    public static Task<IResult> Post(Guid tenantId, AdminInvitation body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(
            new InviteAdmin(tenantId, body.Email, body.FirstName, body.LastName, body.Role, body.WorkspaceId, body.WorkspaceRole),
            http, InviteAdminHandler.Decide, outcome => $"/accounts/{outcome.StreamId}");
    }
}
