using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class PromoteToOwnerHandler
{
    public static Task<Decision> Decide(CommandScope scope, PromoteToOwner command) =>
        Load.AccountCommand(scope, command.AccountId, command, PromoteToOwner.Decide);

    public static Task<CommandOutcome> Handle(PromoteToOwner command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class PromoteToOwnerEndpoint
{
    [WolverinePost("/accounts/{accountId}/promote-to-owner", OperationId = "PromoteToOwner")]
    [Tags("Accounts")]
    [EndpointSummary("Makes the account an Owner of its tenant (Owners only).")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new PromoteToOwner(accountId), http, PromoteToOwnerHandler.Decide);
}
