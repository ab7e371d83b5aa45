using EventSourcedTenancy.Accounts;
using Marten;

namespace EventSourcedTenancy.Erasure;

/// <summary>
/// Where personal data lives in events, and how it is masked once an account is erased: the creation
/// events carry the email and names, and the reasons given for the account's deactivation, deletion and
/// erasure are free text that may name the person; masking rewrites them in place, so the stream and its
/// audit skeleton (who did what, when) stay.
/// </summary>
public static class PersonalData
{
    public const string Erased = "(erased)";

    /// <summary>Header added to every masked event, so verification can tell erasure from tampering.</summary>
    public const string ErasedHeader = "erased";

    public static void ConfigurePersonalDataMasking(this StoreOptions opts)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Events.AddMaskingRuleForProtectedInformation<AdminInvited>(Masked);
        opts.Events.AddMaskingRuleForProtectedInformation<AdminCreated>(Masked);
        opts.Events.AddMaskingRuleForProtectedInformation<UserCreated>(Masked);
        opts.Events.AddMaskingRuleForProtectedInformation<AccountSetInactive>(Masked);
        opts.Events.AddMaskingRuleForProtectedInformation<AccountSetDeleted>(Masked);
        opts.Events.AddMaskingRuleForProtectedInformation<AccountErased>(Masked);
    }

    /// <summary>
    /// An account event with its personal data masked: the email and names of the creation events, and the
    /// reasons (free text that may name the person) of deactivation, deletion and erasure. Other events as they are.
    /// </summary>
    public static object Mask(object data) => data switch
    {
        AdminInvited e => Masked(e),
        AdminCreated e => Masked(e),
        UserCreated e => Masked(e),
        AccountSetInactive e => Masked(e),
        AccountSetDeleted e => Masked(e),
        AccountErased e => Masked(e),
        _ => data,
    };

    private static AdminInvited Masked(AdminInvited e) => e with { Email = Erased, FirstName = Erased, LastName = Erased };

    private static AdminCreated Masked(AdminCreated e) => e with { Email = Erased, FirstName = Erased, LastName = Erased };

    private static UserCreated Masked(UserCreated e) => e with { Email = Erased, FirstName = Erased, LastName = Erased };

    private static AccountSetInactive Masked(AccountSetInactive e) => e with { Reason = e.Reason is null ? null : Erased };

    private static AccountSetDeleted Masked(AccountSetDeleted e) => e with { Reason = e.Reason is null ? null : Erased };

    private static AccountErased Masked(AccountErased e) => e with { Reason = e.Reason is null ? null : Erased };

    /// <summary>
    /// How reads fold an account's history: through <see cref="Mask"/> once the account is erased, so no read
    /// shows its personal data, even before the background masking of its stored events has run.
    /// </summary>
    public static async Task<Func<Account?, object, Account>> FoldForReadsAsync(IQuerySession session, Guid accountId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await IsErasedAsync(session, accountId, cancellation) ? (state, data) => Account.Fold(state, Mask(data)) : Account.Fold;
    }

    public static async Task<bool> IsErasedAsync(IQuerySession session, Guid accountId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        return (await session.LoadAsync<Account>(accountId, cancellation))?.State == AccountState.Erased;
    }

    /// <summary>The email addresses and names an account's events carry (before masking).</summary>
    public static IReadOnlyList<string> ValuesIn(IEnumerable<object> events) =>
        [.. events.SelectMany(e => e switch
        {
            AdminInvited x => new[] { x.Email, x.FirstName, x.LastName },
            AdminCreated x => [x.Email, x.FirstName, x.LastName],
            UserCreated x => [x.Email, x.FirstName, x.LastName],
            _ => [],
        }).Where(v => !string.IsNullOrWhiteSpace(v) && v != Erased).Distinct()];
}
