using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class AcceptInvitationHandler
{
    public static Task<Decision> Decide(CommandScope scope, AcceptInvitation command) =>
        Load.AccountCommand(scope, command.AccountId, command, AcceptInvitation.Decide);

    public static Task<CommandOutcome> Handle(AcceptInvitation command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class AcceptInvitationEndpoint
{
    [WolverinePost("/accounts/{accountId}/invitation/accept", OperationId = "AcceptInvitation")]
    [Tags("Accounts")]
    [EndpointSummary("The invited administrator accepts; the account becomes Active.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new AcceptInvitation(accountId), http, AcceptInvitationHandler.Decide);
}
