using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class RestoreAccountHandler
{
    public static Task<Decision> Decide(CommandScope scope, RestoreAccount command) =>
        Load.AccountCommand(scope, command.AccountId, command, RestoreAccount.Decide);

    public static Task<CommandOutcome> Handle(RestoreAccount command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class RestoreAccountEndpoint
{
    [WolverinePost("/accounts/{accountId}/restore", OperationId = "RestoreAccount")]
    [Tags("Accounts")]
    [EndpointSummary("Restores a soft-deleted account to the state it had.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new RestoreAccount(accountId), http, RestoreAccountHandler.Decide);
}
