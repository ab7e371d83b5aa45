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
        opts.Events.AddMaskingRuleForProtectedInformation<AdminInvited>(e => e with { Email = Erased, FirstName = Erased, LastName = Erased });
        opts.Events.AddMaskingRuleForProtectedInformation<AdminCreated>(e => e with { Email = Erased, FirstName = Erased, LastName = Erased });
        opts.Events.AddMaskingRuleForProtectedInformation<UserCreated>(e => e with { Email = Erased, FirstName = Erased, LastName = Erased });

        // Reasons are free text and may name the person: those on the erased account's own events go too.
        opts.Events.AddMaskingRuleForProtectedInformation<AccountSetInactive>(e => e with { Reason = e.Reason is null ? null : Erased });
        opts.Events.AddMaskingRuleForProtectedInformation<AccountSetDeleted>(e => e with { Reason = e.Reason is null ? null : Erased });
        opts.Events.AddMaskingRuleForProtectedInformation<AccountErased>(e => e with { Reason = e.Reason is null ? null : Erased });
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
