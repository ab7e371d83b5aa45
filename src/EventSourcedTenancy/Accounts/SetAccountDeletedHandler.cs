using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class SetAccountDeletedHandler
{
    public static Task<Decision> Decide(CommandScope scope, SetAccountDeleted command) =>
        Load.AccountCommand(scope, command.AccountId, command, SetAccountDeleted.Decide);

    public static Task<CommandOutcome> Handle(SetAccountDeleted command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class SetAccountDeletedEndpoint
{
    [WolverinePost("/accounts/{accountId}/delete", OperationId = "SetAccountDeleted")]
    [Tags("Accounts")]
    [EndpointSummary("Soft-deletes the account: recoverable, history kept. Reason in X-Reason.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new SetAccountDeleted(accountId, CommandMetadata.FromHttp(http).Reason), http, SetAccountDeletedHandler.Decide);
}
