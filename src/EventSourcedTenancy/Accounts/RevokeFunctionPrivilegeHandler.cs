using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class RevokeFunctionPrivilegeHandler
{
    public static Task<Decision> Decide(CommandScope scope, RevokeFunctionPrivilege command) =>
        Load.PrivilegeCommand(scope, command.AccountId, command.TenantId, command, RevokeFunctionPrivilege.Decide);

    public static Task<CommandOutcome> Handle(RevokeFunctionPrivilege command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class RevokeFunctionPrivilegeEndpoint
{
    [WolverinePost("/accounts/{accountId}/function-privileges/revoke", OperationId = "RevokeFunctionPrivilege")]
    [Tags("Accounts")]
    [EndpointSummary("Revokes a function privilege held in the given tenant.")]
    public static Task<IResult> Post(Guid accountId, FunctionPrivilegeChange body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new RevokeFunctionPrivilege(accountId, body.TenantId, body.Privilege), http, RevokeFunctionPrivilegeHandler.Decide);
    }
}
