using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EventSourcedTenancy.Observability;

/// <summary>
/// Builds one <see cref="TenantObservability"/> per tenant, run by the async daemon, which hands it the events in
/// sequence order one batch at a time and commits each batch before the next. An account's events count in the
/// account's home tenant; each account's last kind, role and state are kept in the document, so a change of role
/// or state moves the account from one count to another. Nothing reads the clock: a rebuild gives the same documents.
/// </summary>
public sealed class TenantObservabilityProjection : IProjection
{
    public const string Name = "TenantObservability";

    private static readonly HashSet<Type> TenantEvents = [.. Tenant.EventTypes];

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        var relevant = events.Where(AuditEntries.IsAudited).OrderBy(e => e.Sequence).ToList();
        if (relevant.Count == 0)
        {
            return;
        }

        var homes = await AuditEntries.AccountHomesAsync(operations, relevant, cancellation);
        var placed = relevant
            .Select(e => (Event: e, Tenant: TenantOf(e, homes)))
            .Where(x => x.Tenant is not null)
            .Select(x => (x.Event, Tenant: x.Tenant!.Value))
            .ToList();
        if (placed.Count == 0)
        {
            return;
        }

        var ids = placed.Select(x => x.Tenant).Distinct().ToArray();
        var documents = (await operations.LoadManyAsync<TenantObservability>(cancellation, ids)).ToDictionary(d => d.Id);
        foreach (var (e, tenant) in placed)
        {
            if (!documents.TryGetValue(tenant, out var document))
            {
                document = TenantObservability.For(tenant);
                documents[tenant] = document;
            }

            Apply(document, e);
        }

        foreach (var document in documents.Values)
        {
            document.Recount();
        }

        operations.Store(documents.Values.ToArray());
    }

    /// <summary>The tenant an event counts in: the tenant of a tenant stream, the home tenant of an account stream.</summary>
    private static Guid? TenantOf(IEvent e, IReadOnlyDictionary<Guid, Guid> homes) =>
        TenantEvents.Contains(e.Data.GetType()) ? e.StreamId
        : homes.TryGetValue(e.StreamId, out var home) ? home
        : null;

    private static void Apply(TenantObservability document, IEvent e)
    {
        var source = e.Headers is { } headers && headers.TryGetValue(AuditEnvelope.Source, out var value) ? value?.ToString() : null;
        document.CountAction(e.Timestamp, source, e.Sequence);
        var accounts = document.Accounts;
        var account = e.StreamId;
        switch (e.Data)
        {
            case TenantCreated x:
                document.Name = x.Name;
                document.ParentId = x.ParentTenantId;
                break;
            case WorkspaceCreated:
                document.Workspaces++;
                break;
            case TenantPolicyConfigured { Billing: { } billing }:
                document.BillingPlan = billing.Plan;
                break;
            case TenantDeleted:
                document.IsDeleted = true;
                break;
            case AdminInvited x:
                accounts[account] = new AccountFigure(AccountKind.Administrator, TenantObservability.RoleName(x.Role), AccountState.Invited);
                break;
            case AdminCreated x:
                accounts[account] = new AccountFigure(AccountKind.Administrator, TenantObservability.RoleName(x.Role), AccountState.Active);
                break;
            case UserCreated:
                accounts[account] = new AccountFigure(AccountKind.User, nameof(SystemRole.User), AccountState.Active);
                break;
            case RoleChanged x:
                Change(accounts, account, a => a with { Role = TenantObservability.RoleName(x.To) });
                break;
            case PromotedToOwner:
                Change(accounts, account, a => a with { Role = nameof(SystemRole.Owner) });
                break;
            case InvitationAccepted or AccountReactivated:
                Change(accounts, account, a => a with { State = AccountState.Active });
                break;
            case AccountSetInactive:
                Change(accounts, account, a => a with { State = AccountState.Inactive });
                break;
            case AccountSetDeleted:
                Change(accounts, account, a => a with { State = AccountState.Deleted });
                break;
            case AccountRestored x:
                Change(accounts, account, a => a with { State = x.RestoredTo });
                break;
            case AccountErased:
                Change(accounts, account, a => a with { State = AccountState.Erased });
                break;
            default:
                // Other events change no figure but the actions.
                break;
        }
    }

    private static void Change(Dictionary<Guid, AccountFigure> accounts, Guid account, Func<AccountFigure, AccountFigure> change)
    {
        if (accounts.TryGetValue(account, out var figure))
        {
            accounts[account] = change(figure);
        }
    }
}
