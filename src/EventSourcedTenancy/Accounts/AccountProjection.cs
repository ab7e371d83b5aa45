using EventSourcedTenancy.Commands;

namespace EventSourcedTenancy.Accounts;

/// <summary>The account document, updated in the same transaction as the account's events.</summary>
public sealed class AccountProjection() : FoldProjection<Account>(Account.EventTypes, Account.Fold);
