using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class SetAdminInactiveHandler
{
    public static Task<Decision> Decide(CommandScope scope, SetAdminInactive command) =>
        Load.AccountCommand(scope, command.AccountId, command, SetAdminInactive.Decide);

    public static Task<CommandOutcome> Handle(SetAdminInactive command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class SetAdminInactiveEndpoint
{
    [WolverinePost("/accounts/{accountId}/deactivate", OperationId = "SetAdminInactive")]
    [Tags("Accounts")]
    [EndpointSummary("Sets the account Inactive: it can no longer sign in. Reason in X-Reason.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new SetAdminInactive(accountId, CommandMetadata.FromHttp(http).Reason), http, SetAdminInactiveHandler.Decide);
}
