using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class EraseAccountHandler
{
    public static Task<Decision> Decide(CommandScope scope, EraseAccount command) =>
        Load.AccountCommand(scope, command.AccountId, command, EraseAccount.Decide);

    public static Task<CommandOutcome> Handle(EraseAccount command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class EraseAccountEndpoint
{
    [WolverinePost("/accounts/{accountId}/erase", OperationId = "EraseAccount")]
    [Tags("Accounts")]
    [EndpointSummary("Erases the account permanently (GDPR): personal data removed, audit skeleton kept. Reason in X-Reason.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new EraseAccount(accountId, CommandMetadata.FromHttp(http).Reason), http, EraseAccountHandler.Decide);
}
