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
/// account's home tenant; each account's last kind, role and state are kept in a document of its own
/// (<see cref="ObservedAccount"/>), so a change of role or state moves the account from one count to another, and a
/// batch reads only the accounts it changes, not the tenant's others. Nothing reads the clock: a rebuild gives the
/// same documents.
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
        var accountIds = placed.Where(x => !TenantEvents.Contains(x.Event.Data.GetType())).Select(x => x.Event.StreamId).Distinct().ToArray();
        var figures = (await operations.LoadManyAsync<ObservedAccount>(cancellation, accountIds)).ToDictionary(a => a.Id, a => a.Figure);
        foreach (var legacy in documents.Values.Where(d => d.Accounts.Count > 0))
        {
            foreach (var (account, figure) in legacy.Accounts)
            {
                figures.TryAdd(account, figure);
                operations.Store(new ObservedAccount(account, figure));
            }

            legacy.Accounts = [];
        }

        var changed = new HashSet<Guid>();
        foreach (var (e, tenant) in placed)
        {
            if (!documents.TryGetValue(tenant, out var document))
            {
                document = TenantObservability.For(tenant);
                documents[tenant] = document;
            }

            Apply(document, figures, changed, e);
        }

        foreach (var document in documents.Values)
        {
            document.Normalize();
        }

        operations.Store(documents.Values.ToArray());
        if (changed.Count > 0)
        {
            operations.Store(changed.Select(id => new ObservedAccount(id, figures[id])).ToArray());
        }
    }

    /// <summary>The tenant an event counts in: the tenant of a tenant stream, the home tenant of an account stream.</summary>
    private static Guid? TenantOf(IEvent e, IReadOnlyDictionary<Guid, Guid> homes) =>
        TenantEvents.Contains(e.Data.GetType()) ? e.StreamId
        : homes.TryGetValue(e.StreamId, out var home) ? home
        : null;

    private static void Apply(TenantObservability document, Dictionary<Guid, AccountFigure> figures, HashSet<Guid> changed, IEvent e)
    {
        var source = e.Headers is { } headers && headers.TryGetValue(AuditEnvelope.Source, out var value) ? value?.ToString() : null;
        document.CountAction(e.Timestamp, source, e.Sequence);
        var account = e.StreamId;

        // The account leaves the counts with its last figure and comes back with its new one.
        void Set(AccountFigure figure)
        {
            if (figures.TryGetValue(account, out var before))
            {
                document.Count(before, -1);
            }

            document.Count(figure, 1);
            figures[account] = figure;
            changed.Add(account);
        }

        void Change(Func<AccountFigure, AccountFigure> change)
        {
            if (figures.TryGetValue(account, out var figure))
            {
                Set(change(figure));
            }
        }

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
                Set(new AccountFigure(AccountKind.Administrator, TenantObservability.RoleName(x.Role), AccountState.Invited));
                break;
            case AdminCreated x:
                Set(new AccountFigure(AccountKind.Administrator, TenantObservability.RoleName(x.Role), AccountState.Active));
                break;
            case UserCreated:
                Set(new AccountFigure(AccountKind.User, nameof(SystemRole.User), AccountState.Active));
                break;
            case RoleChanged x:
                Change(a => a with { Role = TenantObservability.RoleName(x.To) });
                break;
            case PromotedToOwner:
                Change(a => a with { Role = nameof(SystemRole.Owner) });
                break;
            case InvitationAccepted or AccountReactivated:
                Change(a => a with { State = AccountState.Active });
                break;
            case AccountSetInactive:
                Change(a => a with { State = AccountState.Inactive });
                break;
            case AccountSetDeleted:
                Change(a => a with { State = AccountState.Deleted });
                break;
            case AccountRestored x:
                Change(a => a with { State = x.RestoredTo });
                break;
            case AccountErased:
                Change(a => a with { State = AccountState.Erased });
                break;
            default:
                // Other events change no figure but the actions.
                break;
        }
    }

}
