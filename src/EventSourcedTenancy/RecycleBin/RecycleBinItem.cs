using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EventSourcedTenancy.RecycleBin;

public enum RecycleBinKind
{
    Account,
    Tenant,
    Application,
}

/// <summary>A soft-deleted account, a deleted application or a deleted tenant: who deleted it, when, why. Restore and purge act on it.</summary>
public sealed record RecycleBinItem
{
    public Guid Id { get; init; }
    public RecycleBinKind Kind { get; init; }

    /// <summary>The tenant the account or application belongs to, or the deleted tenant itself.</summary>
    public Guid TenantId { get; init; }

    public string DisplayName { get; init; } = string.Empty;
    public DateTimeOffset DeletedAt { get; init; }
    public Guid? DeletedBy { get; init; }
    public string? Reason { get; init; }

    /// <summary>For accounts: the state a restore brings back.</summary>
    public AccountState? StateBeforeDeletion { get; init; }
}

/// <summary>
/// Keeps the recycle bin inline with the events: an account enters on <see cref="AccountSetDeleted"/> and
/// leaves on <see cref="AccountRestored"/> or <see cref="AccountErased"/>; a tenant enters on
/// <see cref="TenantDeleted"/> (deletion of a tenant is final in this version); an application enters on
/// <see cref="ApplicationDeleted"/> and leaves on <see cref="ApplicationRestored"/>.
/// </summary>
public sealed class RecycleBinProjection : MultiStreamProjection<RecycleBinItem, Guid>
{
    public RecycleBinProjection()
    {
        Identity<AccountSetDeleted>(e => e.AccountId);
        Identity<AccountRestored>(e => e.AccountId);
        Identity<AccountErased>(e => e.AccountId);
        Identity<TenantDeleted>(e => e.TenantId);
        Identity<ApplicationDeleted>(e => e.ApplicationId);
        Identity<ApplicationRestored>(e => e.ApplicationId);
    }

    public override async ValueTask<RecycleBinItem?> EvolveAsync(
        RecycleBinItem? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(e);
        switch (e.Data)
        {
            case AccountSetDeleted deleted:
                var account = await session.LoadAsync<Account>(deleted.AccountId, cancellation);
                return new RecycleBinItem
                {
                    Id = deleted.AccountId,
                    Kind = RecycleBinKind.Account,
                    TenantId = account?.TenantId ?? Guid.Empty,
                    DisplayName = account?.DisplayName ?? $"account {deleted.AccountId}",
                    DeletedAt = EventTime.Stored(e.Timestamp),
                    DeletedBy = ActorOf(e),
                    Reason = deleted.Reason,
                    StateBeforeDeletion = deleted.PreviousState,
                };
            case AccountRestored or AccountErased or ApplicationRestored:
                return null;
            case ApplicationDeleted applicationDeleted:
                var application = await session.LoadAsync<Application>(applicationDeleted.ApplicationId, cancellation);
                return new RecycleBinItem
                {
                    Id = applicationDeleted.ApplicationId,
                    Kind = RecycleBinKind.Application,
                    TenantId = applicationDeleted.TenantId,
                    DisplayName = application?.Name ?? $"application {applicationDeleted.ApplicationId}",
                    DeletedAt = EventTime.Stored(e.Timestamp),
                    DeletedBy = ActorOf(e),
                    Reason = applicationDeleted.Reason,
                };
            case TenantDeleted tenantDeleted:
                var tenant = await session.LoadAsync<Tenant>(tenantDeleted.TenantId, cancellation);
                return new RecycleBinItem
                {
                    Id = tenantDeleted.TenantId,
                    Kind = RecycleBinKind.Tenant,
                    TenantId = tenantDeleted.TenantId,
                    DisplayName = tenant?.Name ?? $"tenant {tenantDeleted.TenantId}",
                    DeletedAt = EventTime.Stored(e.Timestamp),
                    DeletedBy = ActorOf(e),
                    Reason = tenantDeleted.Reason,
                };
            default:
                return snapshot;
        }
    }

    private static Guid? ActorOf(IEvent e) =>
        e.Headers is { } headers && headers.TryGetValue(AuditEnvelope.Actor, out var actor) && Guid.TryParse(actor?.ToString(), out var id)
            ? id
            : null;
}
