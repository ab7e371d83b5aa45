using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Tests;

// The request bodies a client sends, as the README documents them: each command's fields but the ids in its route.

public sealed record RoleChange(RoleRef Role);

public sealed record WorkspaceRoleChange(SystemRole Role);

public sealed record FunctionPrivilegeChange(Guid TenantId, FunctionPrivilege Privilege);

public sealed record AdminInvitation(string Email, string FirstName, string LastName, RoleRef? Role, Guid? WorkspaceId, SystemRole? WorkspaceRole);

public sealed record NewUser(string Email, string FirstName, string LastName);

public sealed record UserImport(IReadOnlyList<NewUser> Users);

public sealed record ManagementModeChange(ManagementMode ManagementMode);

public sealed record AncestorAccessChange(bool Restrict, string? Reason);

public sealed record TenantPolicyChange(
    IReadOnlyList<SignInMethod>? SignInMethods, PasswordPolicy? PasswordPolicy, MfaEnforcement? MfaEnforcement, BillingSettings? Billing);

public sealed record BrandingChange(string DisplayName, string? LogoUrl, string? PrimaryColor);

public sealed record NewWorkspace(string Name);

public sealed record NewCustomRole(string Name, IReadOnlyList<Capability> Capabilities);

public sealed record OwnershipTransfer(Guid FromAccountId, Guid ToAccountId);

public sealed record TenantDeletion(string ConfirmationName, string? Reason);

public sealed record ImpersonationTarget(Guid SuperuserAccountId);

public sealed record AuthenticationPolicyChange(IReadOnlyList<SignInMethod>? SignInMethods, PasswordPolicy? PasswordPolicy, MfaEnforcement? MfaEnforcement);

public sealed record NewApplication(string Name, ApplicationKind Kind, IReadOnlyList<string>? RedirectUris, string? SecretRecipientKey = null);

public sealed record ApplicationChange(string Name, IReadOnlyList<string> RedirectUris);

public sealed record Reasoned(string? Reason);

public sealed record SecretRotation(string? Reason, int? GracePeriodHours, string? SecretRecipientKey = null);

public sealed record NewFederationConnection(string Name, FederationProtocol Protocol, FederationSettings Settings, string? ClientSecret);

public sealed record FederationConnectionChange(string Name, FederationSettings Settings, string? ClientSecret, bool? RemoveClientSecret);

public sealed record NewAuditStream(string Name, string Url, string? SecretRecipientKey = null);
