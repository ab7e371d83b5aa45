using EventSourcedTenancy.Accounts;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// One live account per email address in a tenant. The handler passes the tenant's existing account
/// with that email, if any; an Erased account no longer holds its address.
/// </summary>
public static class UniqueEmailPerTenant
{
    public static Rejection? Check(Account? existing) => existing?.State switch
    {
        null or AccountState.Erased => null,
        AccountState.Invited => Rejection.Conflict(RejectionCodes.EmailInUse, "This email already has a pending invitation in the tenant; resend it instead."),
        AccountState.Deleted => Rejection.Conflict(RejectionCodes.EmailInUse, "This email belongs to a Deleted account in the tenant; restore it instead."),
        _ => Rejection.Conflict(RejectionCodes.EmailInUse, $"This email already has an {existing.State} account in the tenant; change that account's role instead."),
    };
}
