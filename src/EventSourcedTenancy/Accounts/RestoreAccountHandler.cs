using EventSourcedTenancy.Commands;
using EventSourcedTenancy.RecycleBin;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class RestoreAccountHandler
{
    /// <summary>Restores within the recycle bin's retention only; after it, the account can only be erased.</summary>
    public static async Task<Decision> Decide(CommandScope scope, RestoreAccount command, RecycleBinSettings retention)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(retention);
        if (await scope.Query.LoadAsync<RecycleBinItem>(command.AccountId) is { } item && scope.Now > retention.RestorableUntil(item.DeletedAt))
        {
            return Rejection.Conflict(
                "retention_expired",
                $"The account was deleted on {item.DeletedAt:yyyy-MM-dd} and the recycle bin keeps accounts {retention.Retention.TotalDays:0} days; erase it, or invite the person again.");
        }

        return await Load.AccountCommand(scope, command.AccountId, command, RestoreAccount.Decide);
    }

    public static Task<CommandOutcome> Handle(RestoreAccount command, Envelope envelope, CommandRunner runner, RecycleBinSettings retention, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, (scope, c) => Decide(scope, c, retention), cancellation);
}

public static class RestoreAccountEndpoint
{
    [WolverinePost("/accounts/{accountId}/restore", OperationId = "RestoreAccount")]
    [Tags("Accounts")]
    [EndpointSummary("Restores a soft-deleted account to the state it had (within the recycle bin's retention).")]
    public static Task<IResult> Post(Guid accountId, HttpContext http, CommandRunner runner, RecycleBinSettings retention) =>
        runner.FromHttp(new RestoreAccount(accountId), http, (scope, c) => RestoreAccountHandler.Decide(scope, c, retention));
}
