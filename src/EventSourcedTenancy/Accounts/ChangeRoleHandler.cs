using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class ChangeRoleHandler
{
    public static Task<Decision> Decide(CommandScope scope, ChangeRole command) =>
        Load.AccountCommand(scope, command.AccountId, command, ChangeRole.Decide);

    public static Task<CommandOutcome> Handle(ChangeRole command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class ChangeRoleEndpoint
{
    [WolverinePut("/accounts/{accountId}/role", OperationId = "ChangeRole")]
    [Tags("Accounts")]
    [EndpointSummary("Changes the account's tenant role (not to Owner: use promote-to-owner).")]
    public static Task<IResult> Put(Guid accountId, RoleChange body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new ChangeRole(accountId, body.Role), http, ChangeRoleHandler.Decide);
    }
}
