using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class RemoveWorkspaceRoleHandler
{
    public static Task<Decision> Decide(CommandScope scope, RemoveWorkspaceRole command) =>
        Load.AccountCommand(scope, command.AccountId, command, RemoveWorkspaceRole.Decide);

    public static Task<CommandOutcome> Handle(RemoveWorkspaceRole command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class RemoveWorkspaceRoleEndpoint
{
    [WolverineDelete("/accounts/{accountId}/workspace-roles/{workspaceId}", OperationId = "RemoveWorkspaceRole")]
    [Tags("Accounts")]
    [EndpointSummary("Removes the account's role in a workspace.")]
    public static Task<IResult> Delete(Guid accountId, Guid workspaceId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new RemoveWorkspaceRole(accountId, workspaceId), http, RemoveWorkspaceRoleHandler.Decide);
}
