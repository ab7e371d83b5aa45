using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class ReactivateAccountHandler
{
    public static Task<Decision> Decide(CommandScope scope, ReactivateAccount command) =>
        Load.AccountCommand(scope, command.AccountId, command, ReactivateAccount.Decide);

    public static Task<CommandOutcome> Handle(ReactivateAccount command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class ReactivateAccountEndpoint
{
    [WolverinePost("/accounts/{accountId}/reactivate", OperationId = "ReactivateAccount")]
    [Tags("Accounts")]
    [EndpointSummary("Re-enables an Inactive account.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new ReactivateAccount(accountId), http, ReactivateAccountHandler.Decide);
}
