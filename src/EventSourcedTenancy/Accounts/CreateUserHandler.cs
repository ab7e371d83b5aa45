using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class CreateUserHandler
{
    public static Task<Decision> Decide(CommandScope scope, CreateUser command) =>
        Load.NewAccountCommand(scope, command.TenantId, command.Email, command, CreateUser.Decide);

    public static Task<CommandOutcome> Handle(CreateUser command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class CreateUserEndpoint
{
    [WolverinePost("/tenants/{tenantId}/users", OperationId = "CreateUser")]
    [Tags("Accounts")]
    [EndpointSummary("Creates a standard user account (service access only) in the tenant.")]
    public static Task<IResult> Post(Guid tenantId, NewUser body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new CreateUser(tenantId, body.Email, body.FirstName, body.LastName), http, CreateUserHandler.Decide, outcome => $"/accounts/{outcome.StreamId}");
    }
}
