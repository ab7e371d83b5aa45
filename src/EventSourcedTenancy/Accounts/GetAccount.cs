using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

public static class GetAccountEndpoint
{
    [WolverineGet("/accounts/{accountId}", OperationId = "GetAccount")]
    [ProducesResponseType<Versioned<Account>>(StatusCodes.Status200OK)]
    [Tags("Accounts")]
    [EndpointSummary("The account as it is now, with its stream version (also the ETag). Readable by the account itself and by those who may view users in its tenant; anyone else gets 404, as for an unknown id.")]
    public static Task<IResult> Get(Guid accountId, HttpContext http, ReadAccess access) =>
        access.ReadAsync<Account, Account>(
            http, accountId, a => a.TenantId,
            (actor, account) => actor.AccountId == account.Id || actor.Has(Capability.ViewUsers),
            (_, account) => account,
            Missing.Account);
}
