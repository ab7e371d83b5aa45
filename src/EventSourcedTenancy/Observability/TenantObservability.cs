using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;

namespace EventSourcedTenancy.Observability;

/// <summary>What the observability figures need to know of one account: its kind, tenant role and state.</summary>
public sealed record AccountFigure(AccountKind Kind, string Role, AccountState State);

/// <summary>
/// One account's figure as the observability projection last counted it (ids only, no personal data), a document of
/// its own so a change of the account moves it between the counts without reading the tenant's other accounts.
/// </summary>
public sealed record ObservedAccount(Guid Id, AccountFigure Figure);

/// <summary>Administrative actions (events) on one UTC day, in total and by source (Http, Bus, CommandLine).</summary>
public sealed record DailyActions(DateOnly Day, int Total, IReadOnlyDictionary<string, int> BySource);

/// <summary>
/// The observability figures of one tenant, kept by <see cref="TenantObservabilityProjection"/> from the events of
/// the tenant's stream and of its accounts' streams. Every figure is a function of the events (times are the
/// events' own), so a rebuild gives the same document.
/// </summary>
public sealed class TenantObservability
{
    /// <summary>Source recorded for events that carry no source header.</summary>
    public const string UnknownSource = "Unknown";

    /// <summary>The tenant's id.</summary>
    public Guid Id { get; set; }

    public Guid? ParentId { get; set; }
    public string Name { get; set; } = string.Empty;
    public bool IsDeleted { get; set; }

    /// <summary>The billing plan last configured in the tenant's policy, if any.</summary>
    public string? BillingPlan { get; set; }

    /// <summary>
    /// Earlier versions kept every account's figure here; a document read with them has them moved to
    /// <see cref="ObservedAccount"/> documents by the projection (then this is empty).
    /// </summary>
    public Dictionary<Guid, AccountFigure> Accounts { get; set; } = [];

    /// <summary>Accounts that are Invited, Active or Inactive, by tenant role (a system role's name, or "custom:{id}").</summary>
    public Dictionary<string, int> AccountsByRole { get; set; } = [];

    /// <summary>Every account, by state (Deleted and Erased included).</summary>
    public Dictionary<string, int> AccountsByState { get; set; } = [];

    /// <summary>Accounts still in the Invited state.</summary>
    public int PendingInvitations { get; set; }

    /// <summary>Administrator accounts in the Active state (billing posture).</summary>
    public int ActiveAdministrators { get; set; }

    /// <summary>User accounts in the Active state (billing posture).</summary>
    public int ActiveUsers { get; set; }

    /// <summary>Workspaces created in the tenant.</summary>
    public int Workspaces { get; set; }

    /// <summary>Events of the tenant and its accounts per UTC day of the event's timestamp, oldest first.</summary>
    public List<DailyActions> ActionsPerDay { get; set; } = [];

    /// <summary>Events of the tenant and its accounts by the source of the command that caused them.</summary>
    public Dictionary<string, int> ActionsBySource { get; set; } = [];

    /// <summary>The sequence of the last event reflected here.</summary>
    public long LastSequence { get; set; }

    /// <summary>The timestamp of the last event reflected here.</summary>
    public DateTimeOffset? LastEventAt { get; set; }

    public static TenantObservability For(Guid tenantId) => new() { Id = tenantId };

    /// <summary>Whether an account in this state counts in <see cref="AccountsByRole"/>: it is a member of the tenant.</summary>
    public static bool IsMember(AccountState state) => state is AccountState.Invited or AccountState.Active or AccountState.Inactive;

    public static string RoleName(RoleRef role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return role.IsCustom ? $"custom:{role.CustomRoleId}" : role.Role?.ToString() ?? string.Empty;
    }

    /// <summary>Counts one event as an administrative action on its UTC day and by its source.</summary>
    public void CountAction(DateTimeOffset timestamp, string? source, long sequence)
    {
        var day = DateOnly.FromDateTime(timestamp.UtcDateTime);
        var key = string.IsNullOrWhiteSpace(source) ? UnknownSource : source;
        ActionsBySource[key] = ActionsBySource.GetValueOrDefault(key) + 1;

        var index = ActionsPerDay.FindIndex(d => d.Day >= day);
        if (index >= 0 && ActionsPerDay[index].Day == day)
        {
            var current = ActionsPerDay[index];
            var bySource = new SortedDictionary<string, int>(current.BySource.ToDictionary(), StringComparer.Ordinal);
            bySource[key] = bySource.GetValueOrDefault(key) + 1;
            ActionsPerDay[index] = current with { Total = current.Total + 1, BySource = bySource };
        }
        else
        {
            var added = new DailyActions(day, 1, new SortedDictionary<string, int>(StringComparer.Ordinal) { [key] = 1 });
            ActionsPerDay.Insert(index < 0 ? ActionsPerDay.Count : index, added);
        }

        LastSequence = Math.Max(LastSequence, sequence);
        LastEventAt = LastEventAt is { } last && last > timestamp ? last : timestamp;
    }

    /// <summary>Adds (<paramref name="delta"/> 1) or takes away (-1) one account's figure from the counts.</summary>
    public void Count(AccountFigure figure, int delta)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (IsMember(figure.State))
        {
            AccountsByRole[figure.Role] = AccountsByRole.GetValueOrDefault(figure.Role) + delta;
        }

        var state = figure.State.ToString();
        AccountsByState[state] = AccountsByState.GetValueOrDefault(state) + delta;
        PendingInvitations += figure.State == AccountState.Invited ? delta : 0;
        ActiveAdministrators += figure is { State: AccountState.Active, Kind: AccountKind.Administrator } ? delta : 0;
        ActiveUsers += figure is { State: AccountState.Active, Kind: AccountKind.User } ? delta : 0;
    }

    /// <summary>Keys in ordinal order and no zero counts, so equal histories give equal documents however they were batched.</summary>
    public void Normalize()
    {
        AccountsByRole = Sorted(AccountsByRole);
        AccountsByState = Sorted(AccountsByState);
        ActionsBySource = ActionsBySource.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary();
    }

    private static Dictionary<string, int> Sorted(Dictionary<string, int> counts) =>
        counts.Where(p => p.Value != 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary();
}
