using EventSourcedTenancy.Accounts;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// One live account per email address in a tenant. The handler passes the tenant's existing account
/// with that email, if any; an Erased account no longer holds its address.
/// </summary>
public static class UniqueEmailPerTenant
{
    public static Rejection? Check(Account? existing) => Check(existing?.State);

    /// <summary>The same rule, from the state of the tenant's account that holds the email (null: none does).</summary>
    public static Rejection? Check(AccountState? holder) => holder switch
    {
        null or AccountState.Erased => null,
        AccountState.Invited => Rejection.Conflict(RejectionCodes.EmailInUse, "This email already has a pending invitation in the tenant; resend it instead."),
        AccountState.Deleted => Rejection.Conflict(RejectionCodes.EmailInUse, "This email belongs to a Deleted account in the tenant; restore it instead."),
        _ => Rejection.Conflict(RejectionCodes.EmailInUse, $"This email already has an {holder} account in the tenant; change that account's role instead."),
    };
}
