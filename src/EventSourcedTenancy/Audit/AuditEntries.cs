using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using JasperFx.Events;
using Marten;

namespace EventSourcedTenancy.Audit;

/// <summary>
/// How an event reads in the audit trail. A pure function of the stored event (its data, metadata and
/// headers) and the home tenant of its stream, so projecting, rebuilding and verifying give the same entry.
/// </summary>
public static class AuditEntries
{
    private static readonly HashSet<Type> TenantEvents = [.. Tenant.EventTypes];
    private static readonly HashSet<Type> AccountEvents = [.. Account.EventTypes];
    private static readonly HashSet<Type> ApplicationEvents = [.. Application.EventTypes];

    /// <summary>Events of tenant, account and application streams; Marten's tombstones and anything else are not audited.</summary>
    public static bool IsAudited(IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Data is not null
            && (TenantEvents.Contains(e.Data.GetType()) || AccountEvents.Contains(e.Data.GetType()) || ApplicationEvents.Contains(e.Data.GetType()));
    }

    private static StreamKind KindOf(object data) =>
        TenantEvents.Contains(data.GetType()) ? StreamKind.Tenant
        : ApplicationEvents.Contains(data.GetType()) ? StreamKind.Application
        : StreamKind.Account;

    /// <summary>The tenant an application event belongs to: every application event names it.</summary>
    private static Guid? ApplicationTenant(object data) => data switch
    {
        ApplicationRegistered x => x.TenantId,
        ApplicationEdited x => x.TenantId,
        ApplicationEnabled x => x.TenantId,
        ApplicationDisabled x => x.TenantId,
        ApplicationDeleted x => x.TenantId,
        ApplicationRestored x => x.TenantId,
        ApplicationSecretRotated x => x.TenantId,
        _ => null,
    };

    /// <summary>The entry for an audited event, not yet linked into the chain.</summary>
    public static AuditEntry From(IEvent e, IReadOnlyDictionary<Guid, Guid> accountHomes)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(accountHomes);
        var kind = KindOf(e.Data);
        var actor = HeaderGuid(e, AuditEnvelope.Actor);
        var actorTenant = HeaderGuid(e, AuditEnvelope.Tenant);
        var tenant = kind switch
        {
            StreamKind.Tenant => e.StreamId,
            StreamKind.Application => ApplicationTenant(e.Data) ?? actorTenant ?? Guid.Empty,
            _ => accountHomes.TryGetValue(e.StreamId, out var home) ? home : actorTenant ?? Guid.Empty,
        };
        var entry = new AuditEntry
        {
            Sequence = e.Sequence,
            EventId = e.Id,
            StreamId = e.StreamId,
            StreamKind = kind,
            StreamVersion = e.Version,
            EventType = e.Data.GetType().Name,
            Timestamp = e.Timestamp,
            TenantId = tenant,
            ActorTenantId = actorTenant,
            ExercisedFrom = actorTenant is { } exercised && exercised != tenant ? exercised : null,
            // The installation acting for itself is recorded as the empty id: no person acted.
            Actor = actor == Guid.Empty ? null : actor,
            ActingAs = HeaderGuid(e, AuditEnvelope.ActingAs),
            Role = Header(e, AuditEnvelope.Role),
            Authority = Header(e, AuditEnvelope.Authority),
            Source = Header(e, AuditEnvelope.Source),
            SendingService = Header(e, AuditEnvelope.SendingService),
            Reason = Header(e, AuditEnvelope.Reason),
            CorrelationId = e.CorrelationId,
            CausationId = e.CausationId,
            Target = TargetOf(e.Data, e.StreamId),
            Operation = Header(e, AuditEnvelope.Command) ?? e.Data.GetType().Name,
            DataDigest = AuditChain.DataDigest(e.Data),
        };
        return entry with { Summary = AuditSummary.Of(entry, e.Data) };
    }

    /// <summary>
    /// The home tenant of every account stream among <paramref name="events"/>: from the account's creation
    /// event when it is among them, otherwise from the account document (its tenant never changes).
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid>> AccountHomesAsync(IQuerySession session, IEnumerable<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(events);
        var homes = new Dictionary<Guid, Guid>();
        var unknown = new HashSet<Guid>();
        foreach (var e in events.Where(e => AccountEvents.Contains(e.Data.GetType())))
        {
            switch (e.Data)
            {
                case AdminInvited x:
                    homes[e.StreamId] = x.TenantId;
                    break;
                case AdminCreated x:
                    homes[e.StreamId] = x.TenantId;
                    break;
                case UserCreated x:
                    homes[e.StreamId] = x.TenantId;
                    break;
                default:
                    unknown.Add(e.StreamId);
                    break;
            }
        }

        unknown.ExceptWith(homes.Keys);
        if (unknown.Count > 0)
        {
            foreach (var account in await session.LoadManyAsync<Account>(cancellation, unknown))
            {
                homes[account.Id] = account.TenantId;
            }
        }

        return homes;
    }

    /// <summary>The account or tenant the event is about.</summary>
    private static Guid TargetOf(object data, Guid streamId) => data switch
    {
        OwnerAdded x => x.AccountId,
        OwnerWithdrawn x => x.AccountId,
        OwnershipTransferred x => x.ToAccountId,
        ImpersonationTargetDefined x => x.AccountId,
        Federation.FederationConnectionCreated x => x.ConnectionId,
        Federation.FederationConnectionEdited x => x.ConnectionId,
        Federation.FederationConnectionEnabled x => x.ConnectionId,
        Federation.FederationConnectionDisabled x => x.ConnectionId,
        Federation.FederationConnectionDeleted x => x.ConnectionId,
        _ => streamId,
    };

    private static string? Header(IEvent e, string name) =>
        e.Headers is { } headers && headers.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;

    private static Guid? HeaderGuid(IEvent e, string name) => Guid.TryParse(Header(e, name), out var id) ? id : null;
}
