using EventSourcedTenancy.Accounts;

namespace EventSourcedTenancy.Rules;

/// <summary>What can be done to an account, by state.</summary>
public enum AccountTransition
{
    AcceptInvitation,
    ResendInvitation,
    SetInactive,
    Reactivate,
    SetDeleted,
    Restore,
    Erase,
    ResetCredentials,
    ChangeRole,
    PromoteToOwner,
    ChangeWorkspaceRoles,
    ChangeFunctionPrivileges,
    Impersonate,
}

/// <summary>
/// The account state machine of docs/product.md: Invited → Active ⇄ Inactive; Active/Inactive →
/// Deleted → restored to the state it had, or → Erased (terminal). Anything not in
/// <see cref="AllowedFrom"/> is rejected. Two decisions where docs/product.md is silent: an invitation
/// can be deleted (and restored) so a mistaken one can be withdrawn, and erasure is allowed from any
/// live state (docs/seeds.md, seed 002's "Delete User" acts on an active account; GDPR requests do not
/// wait for a soft delete).
/// </summary>
public static class AccountLifecycle
{
    public static IReadOnlyDictionary<AccountTransition, IReadOnlyList<AccountState>> AllowedFrom { get; } =
        new Dictionary<AccountTransition, IReadOnlyList<AccountState>>
        {
            [AccountTransition.AcceptInvitation] = [AccountState.Invited],
            [AccountTransition.ResendInvitation] = [AccountState.Invited],
            [AccountTransition.SetInactive] = [AccountState.Active],
            [AccountTransition.Reactivate] = [AccountState.Inactive],
            [AccountTransition.SetDeleted] = [AccountState.Invited, AccountState.Active, AccountState.Inactive],
            [AccountTransition.Restore] = [AccountState.Deleted],
            [AccountTransition.Erase] = [AccountState.Invited, AccountState.Active, AccountState.Inactive, AccountState.Deleted],
            [AccountTransition.ResetCredentials] = [AccountState.Active, AccountState.Inactive],
            [AccountTransition.ChangeRole] = [AccountState.Invited, AccountState.Active, AccountState.Inactive],
            [AccountTransition.PromoteToOwner] = [AccountState.Active],
            [AccountTransition.ChangeWorkspaceRoles] = [AccountState.Invited, AccountState.Active, AccountState.Inactive],
            [AccountTransition.ChangeFunctionPrivileges] = [AccountState.Invited, AccountState.Active, AccountState.Inactive],
            [AccountTransition.Impersonate] = [AccountState.Active],
        };

    public static bool Allows(AccountState state, AccountTransition transition) => AllowedFrom[transition].Contains(state);

    public static Rejection? Check(Account account, AccountTransition transition) =>
        Allows(account.State, transition) ? null : Rejection.Conflict(RejectionCodes.AccountState, Explain(account.State, transition));

    private static string Explain(AccountState state, AccountTransition transition) => (state, transition) switch
    {
        (AccountState.Erased, _) => "Account is Erased; erasure is permanent, so create a new account instead.",
        (AccountState.Deleted, _) => "Account is Deleted; restore it first.",
        (_, AccountTransition.Restore) => $"Account is {state}, not Deleted; there is nothing to restore.",
        (AccountState.Invited, AccountTransition.PromoteToOwner) => "Account is Invited; it can become an Owner once it has accepted the invitation.",
        (AccountState.Invited, _) => "Account is Invited and has not accepted yet; resend the invitation or delete it.",
        (AccountState.Inactive, AccountTransition.PromoteToOwner) => "Account is Inactive; reactivate it before making it an Owner.",
        (AccountState.Inactive, AccountTransition.SetInactive) => "Account is already Inactive.",
        (AccountState.Inactive, _) => "Account is Inactive; reactivate it first.",
        (AccountState.Active, AccountTransition.Reactivate) => "Account is already Active.",
        (AccountState.Active, AccountTransition.AcceptInvitation or AccountTransition.ResendInvitation) => "The invitation was already accepted; the account is Active.",
        _ => $"Account is {state}; {transition} is not possible from there.",
    };
}
