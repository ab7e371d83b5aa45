using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// What the caller may do to an account now: the account commands its deciders would accept, and the roles
/// a role change could give. A client shows only these (the domain still decides when the command comes).
/// </summary>
public sealed record AccountActions(
    Guid AccountId, long Version, IReadOnlyList<string> Commands, IReadOnlyList<string> Roles, IReadOnlyList<WorkspaceRoleOptions> WorkspaceRoles);

/// <summary>In one workspace of the account's tenant: the workspace roles AssignWorkspaceRole could give, and whether RemoveWorkspaceRole would be accepted.</summary>
public sealed record WorkspaceRoleOptions(Guid WorkspaceId, string Name, IReadOnlyList<SystemRole> Assignable, bool Removable);

public static class AccountActionsEndpoint
{
    /// <summary>The reason the candidates carry: a reason is required by some commands, and its text decides nothing.</summary>
    private const string AnyReason = "asked by a client";

    [WolverineGet("/accounts/{accountId}/actions", OperationId = "AccountActions")]
    [ProducesResponseType<AccountActions>(StatusCodes.Status200OK)]
    [Tags("Accounts")]
    [EndpointSummary("The account commands the caller could send to this account now (their names, as in the command catalog), the roles ChangeRole could give it, and per workspace the roles AssignWorkspaceRole could give and whether RemoveWorkspaceRole would be accepted: each candidate is decided by the command's own decider on one read, nothing is written. Readable by those who may read the account; anyone else gets 404, as for an unknown id.")]
    public static async Task<IResult> Get(Guid accountId, HttpContext http, IDocumentStore store, CommandLoader loader)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(loader);
        await using var session = store.LightweightSession();
        // One read serves every candidate: the account, its tenant chain, the caller, its recycle-bin row.
        var read = await loader.ReadAsync(session, ReadPlan.OnAccount(accountId) with { DeletedAt = true }, CommandMetadata.FromHttp(http), http.RequestAborted);
        var inputs = read.Inputs;
        if (read.ActorRejection is { } refused)
        {
            return CommandOutcome.Reject(refused).ToHttp();
        }

        // Visible to the account itself and to those who may view users in its tenant, as GET /accounts/{id}.
        if (inputs.Account is not { } account || (inputs.Actor.AccountId != account.Id && !inputs.Actor.Has(Capability.ViewUsers)))
        {
            return CommandOutcome.Reject(Missing.Account(accountId)).ToHttp();
        }

        // Accepted and changing something: a command that would be accepted as a no-op (promoting an Owner) is not offered.
        bool Accepted(ITenancyCommand command) => command.Decide(inputs) is { Rejection: null, Events.Count: > 0 };

        var commands = Candidates(accountId).Where(Accepted).Select(c => c.GetType().Name).ToList();
        var customRoles = inputs.Chain.Count > 0 ? inputs.Chain[^1].CustomRoles : [];
        var roles = Enum.GetValues<SystemRole>().Select(r => (Name: r.ToString(), Role: RoleRef.Of(r)))
            .Concat(customRoles.Select(r => (Name: $"custom:{r.Id}", Role: RoleRef.Custom(r.Id))))
            .Where(r => Accepted(new ChangeRole(accountId, r.Role)))
            .Select(r => r.Name)
            .ToList();
        if (roles.Count > 0)
        {
            commands.Add(nameof(ChangeRole));
        }

        var workspaceRoles = (inputs.Chain.Count > 0 ? inputs.Chain[^1].Workspaces : [])
            .Select(w => new WorkspaceRoleOptions(
                w.Id, w.Name,
                [.. Enum.GetValues<SystemRole>().Where(SystemRoles.IsWorkspaceRole).Where(r => Accepted(new AssignWorkspaceRole(accountId, w.Id, r)))],
                Accepted(new RemoveWorkspaceRole(accountId, w.Id))))
            .Where(w => w.Assignable.Count > 0 || w.Removable)
            .ToList();
        return Results.Ok(new AccountActions(accountId, read.TargetVersion, commands, roles, workspaceRoles));
    }

    /// <summary>The account commands a client offers on an account's row, each with the arguments that decide nothing.</summary>
    private static IEnumerable<ITenancyCommand> Candidates(Guid accountId) =>
    [
        new ResendInvitation(accountId),
        new SetAdminInactive(accountId, AnyReason),
        new ReactivateAccount(accountId),
        new ResetPassword(accountId),
        new ForceMfaReset(accountId),
        new PromoteToOwner(accountId),
        new SetAccountDeleted(accountId, AnyReason),
        new RestoreAccount(accountId),
        new EraseAccount(accountId, AnyReason),
    ];
}
