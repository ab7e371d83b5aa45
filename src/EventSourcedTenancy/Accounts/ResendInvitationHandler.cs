using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class ResendInvitationHandler
{
    public static Task<Decision> Decide(CommandScope scope, ResendInvitation command) =>
        Load.AccountCommand(scope, command.AccountId, command, ResendInvitation.Decide);

    public static Task<CommandOutcome> Handle(ResendInvitation command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class ResendInvitationEndpoint
{
    [WolverinePost("/accounts/{accountId}/invitation/resend", OperationId = "ResendInvitation")]
    [Tags("Accounts")]
    [EndpointSummary("Sends the invitation again with a new expiry.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new ResendInvitation(accountId), http, ResendInvitationHandler.Decide);
}
