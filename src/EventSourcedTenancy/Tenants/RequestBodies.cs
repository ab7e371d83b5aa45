using EventSourcedTenancy.Authorization;

namespace EventSourcedTenancy.Tenants;

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
