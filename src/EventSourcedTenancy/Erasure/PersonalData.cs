using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Tenants;
using Marten;

namespace EventSourcedTenancy.Erasure;

/// <summary>
/// Where personal data lives in events, and how it is masked once an account is erased: the creation
/// events carry the email and names, and a tenant's policy may name the person as its billing contact;
/// masking rewrites them in place, so the stream and its audit skeleton (who did what, when) stay.
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

        // A tenant's billing contact, applied only to the streams of tenants whose contact was the erased person.
        opts.Events.AddMaskingRuleForProtectedInformation<TenantPolicyConfigured>(e => e.Billing is { InvoiceEmail: not null } billing
            ? e with { Billing = billing with { InvoiceEmail = Erased } }
            : e);
    }

    /// <summary>The tenant with its billing contact masked.</summary>
    public static Tenant WithoutBillingContact(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return tenant.Policy.Billing is { InvoiceEmail: not null } billing
            ? tenant with { Policy = tenant.Policy with { Billing = billing with { InvoiceEmail = Erased } } }
            : tenant;
    }

    /// <summary>
    /// An account event with its personal data masked: the email and names of the creation events. Other
    /// events as they are (a reason is free text that must not name people: the audit trail quotes it).
    /// </summary>
    public static object Mask(object data) => data switch
    {
        AdminInvited e => Masked(e),
        AdminCreated e => Masked(e),
        UserCreated e => Masked(e),
        _ => data,
    };

    private static AdminInvited Masked(AdminInvited e) => e with { Email = Erased, FirstName = Erased, LastName = Erased };

    private static AdminCreated Masked(AdminCreated e) => e with { Email = Erased, FirstName = Erased, LastName = Erased };

    private static UserCreated Masked(UserCreated e) => e with { Email = Erased, FirstName = Erased, LastName = Erased };

    /// <summary>
    /// How reads fold an account's history: through <see cref="Mask"/> once the account is erased, so no read
    /// shows its personal data, even before the background masking of its stored events has run.
    /// </summary>
    public static async Task<Func<Account?, object, Account>> FoldForReadsAsync(IQuerySession session, Guid accountId, CancellationToken cancellation) =>
        FoldFor(await IsErasedAsync(session, accountId, cancellation));

    /// <summary>The fold for an account known to be erased or not.</summary>
    public static Func<Account?, object, Account> FoldFor(bool erased) => erased ? (state, data) => Account.Fold(state, Mask(data)) : Account.Fold;

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
