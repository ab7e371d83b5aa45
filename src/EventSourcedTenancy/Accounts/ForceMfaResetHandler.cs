using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class ForceMfaResetHandler
{
    public static Task<Decision> Decide(CommandScope scope, ForceMfaReset command) =>
        Load.AccountCommand(scope, command.AccountId, command, ForceMfaReset.Decide);

    public static Task<CommandOutcome> Handle(ForceMfaReset command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class ForceMfaResetEndpoint
{
    [WolverinePost("/accounts/{accountId}/mfa-reset", OperationId = "ForceMfaReset")]
    [Tags("Accounts")]
    [EndpointSummary("Asks the identity provider to reset the account's MFA enrolment.")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner) =>
        runner.FromHttp(new ForceMfaReset(accountId), http, ForceMfaResetHandler.Decide);
}
