using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class ResetPasswordHandler
{
    public static Task<Decision> Decide(CommandScope scope, ResetPassword command) =>
        Load.AccountCommand(scope, command.AccountId, command, ResetPassword.Decide);

    public static Task<CommandOutcome> Handle(ResetPassword command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class ResetPasswordEndpoint
{
    [WolverinePost("/accounts/{accountId}/password-reset", OperationId = "ResetPassword")]
    [Tags("Accounts")]
    [EndpointSummary("Asks the identity provider to reset the account's password.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new ResetPassword(accountId), http, ResetPasswordHandler.Decide);
}
