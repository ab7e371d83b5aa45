using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class GrantFunctionPrivilegeHandler
{
    public static Task<Decision> Decide(CommandScope scope, GrantFunctionPrivilege command) =>
        Load.PrivilegeCommand(scope, command.AccountId, command.TenantId, command, GrantFunctionPrivilege.Decide);

    public static Task<CommandOutcome> Handle(GrantFunctionPrivilege command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class GrantFunctionPrivilegeEndpoint
{
    [WolverinePut("/accounts/{accountId}/function-privileges", OperationId = "GrantFunctionPrivilege")]
    [Tags("Accounts")]
    [EndpointSummary("Grants a function privilege (seed 004), held in the given tenant.")]
    public static Task<IResult> Put(Guid accountId, FunctionPrivilegeChange body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new GrantFunctionPrivilege(accountId, body.TenantId, body.Privilege), http, GrantFunctionPrivilegeHandler.Decide);
    }
}
