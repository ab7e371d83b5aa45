using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Integration.V1;

// The integration events of contract version 1. A role is a system role's name or a tenant's custom role id;
// enums travel as their names. Fields are added only in a new contract version (a new namespace), never changed.

/// <summary>An administrator was invited to <see cref="TenantId"/>; the invitation is valid until <see cref="ExpiresAt"/>.</summary>
public sealed record AdminInvited(
    Guid AccountId,
    Guid TenantId,
    string Email,
    string FirstName,
    string LastName,
    SystemRole? Role,
    Guid? CustomRoleId,
    Guid? WorkspaceId,
    SystemRole? WorkspaceRole,
    DateTimeOffset ExpiresAt) : IntegrationEvent;

/// <summary>The invitation was sent again; it is now valid until <see cref="ExpiresAt"/>.</summary>
public sealed record InvitationResent(Guid AccountId, DateTimeOffset ExpiresAt) : IntegrationEvent;

/// <summary>The invitee accepted: the account is active.</summary>
public sealed record InvitationAccepted(Guid AccountId) : IntegrationEvent;

/// <summary>An administrator account created active: a new tenant's first Owner, or the installation's superuser.</summary>
public sealed record AdminCreated(
    Guid AccountId, Guid TenantId, string Email, string FirstName, string LastName, SystemRole? Role, Guid? CustomRoleId) : IntegrationEvent;

/// <summary>A user account (service access only) was created, active.</summary>
public sealed record UserCreated(Guid AccountId, Guid TenantId, string Email, string FirstName, string LastName) : IntegrationEvent;

/// <summary>The account's role in its home tenant changed.</summary>
public sealed record RoleChanged(
    Guid AccountId, SystemRole? FromRole, Guid? FromCustomRoleId, SystemRole? ToRole, Guid? ToCustomRoleId) : IntegrationEvent;

/// <summary>The account became an Owner of its home tenant.</summary>
public sealed record PromotedToOwner(Guid AccountId, SystemRole? FromRole, Guid? FromCustomRoleId) : IntegrationEvent;

/// <summary>The account may no longer sign in until reactivated.</summary>
public sealed record AccountSetInactive(Guid AccountId, string? Reason) : IntegrationEvent;

/// <summary>The account may sign in again.</summary>
public sealed record AccountReactivated(Guid AccountId) : IntegrationEvent;

/// <summary>The account was soft-deleted: it may not sign in, and can be restored within the retention period.</summary>
public sealed record AccountSetDeleted(Guid AccountId, AccountState PreviousState, string? Reason) : IntegrationEvent;

/// <summary>The soft-deleted account was restored to <see cref="RestoredTo"/>.</summary>
public sealed record AccountRestored(Guid AccountId, AccountState RestoredTo) : IntegrationEvent;

/// <summary>The account was erased for good: erase every copy of its personal data you keep.</summary>
public sealed record AccountErased(Guid AccountId, string? Reason) : IntegrationEvent;

/// <summary>The identity provider should reset the account's password (this service stores none).</summary>
public sealed record PasswordResetRequested(Guid AccountId) : IntegrationEvent;

/// <summary>The identity provider should make the account enrol its second factor again.</summary>
public sealed record MfaResetForced(Guid AccountId) : IntegrationEvent;

/// <summary>A tenant came into being under <see cref="ParentTenantId"/> with its first Owner.</summary>
public sealed record TenantCreated(
    Guid TenantId, Guid? ParentTenantId, TenantKind Kind, string Name, ManagementMode? ManagementMode, Guid FirstOwnerAccountId) : IntegrationEvent;

/// <summary>The tenant was deleted.</summary>
public sealed record TenantDeleted(Guid TenantId, string? Reason) : IntegrationEvent;

/// <summary>Ownership of the tenant passed from one account to another.</summary>
public sealed record OwnershipTransferred(Guid TenantId, Guid FromAccountId, Guid ToAccountId) : IntegrationEvent;
