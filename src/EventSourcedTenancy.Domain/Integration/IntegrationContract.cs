using Domain = EventSourcedTenancy.Accounts;
using DomainTenants = EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Integration.V1;

/// <summary>
/// The integration contract: which stored events other services hear about, and the message each becomes.
/// The messages are designed for consumers and kept stable; the stored events may change with the domain.
/// </summary>
public static class IntegrationContract
{
    /// <summary>The version of the messages in this namespace, carried by every one of them.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The stored events that are published, each as the message of the same name.</summary>
    public static readonly IReadOnlyList<Type> PublishedEvents =
    [
        typeof(Domain.AdminInvited), typeof(Domain.InvitationResent), typeof(Domain.InvitationAccepted), typeof(Domain.AdminCreated),
        typeof(Domain.UserCreated), typeof(Domain.RoleChanged), typeof(Domain.PromotedToOwner), typeof(Domain.AccountSetInactive),
        typeof(Domain.AccountReactivated), typeof(Domain.AccountSetDeleted), typeof(Domain.AccountRestored), typeof(Domain.AccountErased),
        typeof(Domain.PasswordResetRequested), typeof(Domain.MfaResetForced), typeof(DomainTenants.TenantCreated),
        typeof(DomainTenants.TenantDeleted), typeof(DomainTenants.OwnershipTransferred),
    ];

    /// <summary>Every integration event message of this version.</summary>
    public static readonly IReadOnlyList<Type> Messages =
    [
        typeof(AdminInvited), typeof(InvitationResent), typeof(InvitationAccepted), typeof(AdminCreated),
        typeof(UserCreated), typeof(RoleChanged), typeof(PromotedToOwner), typeof(AccountSetInactive),
        typeof(AccountReactivated), typeof(AccountSetDeleted), typeof(AccountRestored), typeof(AccountErased),
        typeof(PasswordResetRequested), typeof(MfaResetForced), typeof(TenantCreated),
        typeof(TenantDeleted), typeof(OwnershipTransferred),
    ];

    /// <summary>The message a stored event becomes, or null for an event that is not published.</summary>
    public static IntegrationEvent? Translate(object storedEvent, EventFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        IntegrationEvent? message = storedEvent switch
        {
            Domain.AdminInvited e => new AdminInvited(
                e.AccountId, e.TenantId, e.Email, e.FirstName, e.LastName, e.Role.Role, e.Role.CustomRoleId, e.WorkspaceId, e.WorkspaceRole, e.ExpiresAt),
            Domain.InvitationResent e => new InvitationResent(e.AccountId, e.ExpiresAt),
            Domain.InvitationAccepted e => new InvitationAccepted(e.AccountId),
            Domain.AdminCreated e => new AdminCreated(e.AccountId, e.TenantId, e.Email, e.FirstName, e.LastName, e.Role.Role, e.Role.CustomRoleId),
            Domain.UserCreated e => new UserCreated(e.AccountId, e.TenantId, e.Email, e.FirstName, e.LastName),
            Domain.RoleChanged e => new RoleChanged(e.AccountId, e.From.Role, e.From.CustomRoleId, e.To.Role, e.To.CustomRoleId),
            Domain.PromotedToOwner e => new PromotedToOwner(e.AccountId, e.From.Role, e.From.CustomRoleId),
            Domain.AccountSetInactive e => new AccountSetInactive(e.AccountId, e.Reason),
            Domain.AccountReactivated e => new AccountReactivated(e.AccountId),
            Domain.AccountSetDeleted e => new AccountSetDeleted(e.AccountId, e.PreviousState, e.Reason),
            Domain.AccountRestored e => new AccountRestored(e.AccountId, e.RestoredTo),
            Domain.AccountErased e => new AccountErased(e.AccountId, e.Reason),
            Domain.PasswordResetRequested e => new PasswordResetRequested(e.AccountId),
            Domain.MfaResetForced e => new MfaResetForced(e.AccountId),
            DomainTenants.TenantCreated e => new TenantCreated(e.TenantId, e.ParentTenantId, e.Kind, e.Name, e.ManagementMode, e.FirstOwnerAccountId),
            DomainTenants.TenantDeleted e => new TenantDeleted(e.TenantId, e.Reason),
            DomainTenants.OwnershipTransferred e => new OwnershipTransferred(e.TenantId, e.FromAccountId, e.ToAccountId),
            _ => null,
        };

        return message is null
            ? null
            : message with
            {
                EventId = facts.EventId,
                StreamId = facts.StreamId,
                StreamVersion = facts.StreamVersion,
                Sequence = facts.Sequence,
                OccurredAt = facts.OccurredAt,
                CorrelationId = facts.CorrelationId,
            };
    }
}
