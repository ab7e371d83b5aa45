using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class AssignWorkspaceRoleHandler
{
    public static Task<Decision> Decide(CommandScope scope, AssignWorkspaceRole command) =>
        Load.AccountCommand(scope, command.AccountId, command, AssignWorkspaceRole.Decide);

    public static Task<CommandOutcome> Handle(AssignWorkspaceRole command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class AssignWorkspaceRoleEndpoint
{
    [WolverinePut("/accounts/{accountId}/workspace-roles/{workspaceId}", OperationId = "AssignWorkspaceRole")]
    [Tags("Accounts")]
    [EndpointSummary("Gives the account a role inside one workspace (WorkspaceAdmin or WorkspaceAuditor).")]
    public static Task<IResult> Put(Guid accountId, Guid workspaceId, WorkspaceRoleChange body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new AssignWorkspaceRole(accountId, workspaceId, body.Role), http, AssignWorkspaceRoleHandler.Decide);
    }
}
