using System.Globalization;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Audit;

/// <summary>
/// One readable line per event: who (role and account, or both identities under impersonation), what, to
/// whom, and why. It names accounts by id only: personal data stays out of the audit trail, so erasure
/// leaves the trail intact.
/// </summary>
public static class AuditSummary
{
    public static string Of(AuditEntry entry, object data)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var reason = ReasonIn(data) ?? entry.Reason;
        var line = $"{Who(entry)} {What(data)}";
        return string.IsNullOrWhiteSpace(reason) ? line : $"{line}: {reason}";
    }

    private static string Who(AuditEntry entry) => (entry.Actor, entry.ActingAs) switch
    {
        (null, _) => "The installation",
        ({ } actor, { } actingAs) => $"Account {actor} acting as {entry.Role ?? "account"} {actingAs}",
        ({ } actor, null) => $"{entry.Role ?? "Account"} {actor}",
    };

    private static string What(object data) => data switch
    {
        TenantCreated x => x.ParentTenantId is { } parent
            ? $"created {x.Kind} tenant {x.TenantId} \"{x.Name}\" under tenant {parent} with first Owner {x.FirstOwnerAccountId}"
            : $"created the {x.Kind} tenant {x.TenantId} \"{x.Name}\" with first Owner {x.FirstOwnerAccountId}",
        ManagementModeChanged x => $"set the management mode of tenant {x.TenantId} to {x.ManagementMode}",
        AncestorAccessRestricted x => $"restricted ancestor access to tenant {x.TenantId}",
        AncestorAccessAllowed x => $"allowed ancestor access to tenant {x.TenantId} again",
        TenantPolicyConfigured x => $"configured the {PolicySections(x)} of tenant {x.TenantId}",
        AuthenticationPolicyConfigured x => $"configured the end users' {EndUserPolicySections(x)} of tenant {x.TenantId}",
        BrandingConfigured x => $"configured the branding of tenant {x.TenantId}",
        WorkspaceCreated x => $"created workspace {x.WorkspaceId} \"{x.Name}\" in tenant {x.TenantId}",
        CustomRoleDefined x => $"defined custom role {x.RoleId} \"{x.Name}\" ({x.Capabilities.Count} capabilities) in tenant {x.TenantId}",
        OwnerAdded x => $"made account {x.AccountId} an Owner of tenant {x.TenantId}",
        OwnerWithdrawn x => $"withdrew account {x.AccountId} from the Owners of tenant {x.TenantId}",
        OwnershipTransferred x => $"transferred ownership of tenant {x.TenantId} from account {x.FromAccountId} to account {x.ToAccountId}",
        TenantDeleted x => $"deleted tenant {x.TenantId}",
        ImpersonationTargetDefined x => $"made account {x.AccountId} an impersonation target in tenant {x.TenantId}",
        ImpersonationBegan x => $"began acting as account {x.ActingAsAccountId} in tenant {x.TenantId}, until {x.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}",
        ImpersonationEnded { How: ImpersonationEnd.Expired } x => $"the session of account {x.ActorAccountId} acting as account {x.ActingAsAccountId} in tenant {x.TenantId} expired",
        ImpersonationEnded x => $"ended acting as account {x.ActingAsAccountId} in tenant {x.TenantId}",
        AdminInvited x => $"invited administrator account {x.AccountId} as {x.Role} to tenant {x.TenantId}{WorkspaceRole(x.WorkspaceRole, x.WorkspaceId)}",
        AdminCreated x => $"created administrator account {x.AccountId} as {x.Role} in tenant {x.TenantId}",
        UserCreated x => $"created user account {x.AccountId} in tenant {x.TenantId}",
        InvitationResent x => $"resent the invitation of account {x.AccountId}, valid until {x.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}",
        InvitationAccepted x => $"recorded that account {x.AccountId} accepted its invitation",
        RoleChanged x => $"changed the role of account {x.AccountId} from {x.From} to {x.To}",
        PromotedToOwner x => $"promoted account {x.AccountId} from {x.From} to Owner",
        AccountSetInactive x => $"set account {x.AccountId} inactive",
        AccountReactivated x => $"reactivated account {x.AccountId}",
        AccountSetDeleted x => $"deleted account {x.AccountId} (it was {x.PreviousState})",
        AccountRestored x => $"restored account {x.AccountId} to {x.RestoredTo}",
        AccountErased x => $"erased account {x.AccountId}",
        PasswordResetRequested x => $"requested a password reset for account {x.AccountId}",
        MfaResetForced x => $"forced an MFA reset for account {x.AccountId}",
        ReadWhileImpersonating x => $"read {x.Request} while acting as account {x.ActingAsAccountId}",
        WorkspaceRoleAssigned x => $"assigned {x.Role} in workspace {x.WorkspaceId} to account {x.AccountId}",
        WorkspaceRoleRemoved x => $"removed {x.Role} in workspace {x.WorkspaceId} from account {x.AccountId}",
        FunctionPrivilegeGranted x => $"granted the {x.Privilege} privilege in tenant {x.TenantId} to account {x.AccountId}",
        FunctionPrivilegeRevoked x => $"revoked the {x.Privilege} privilege in tenant {x.TenantId} from account {x.AccountId}",
        ApplicationRegistered x => $"registered {x.Kind} application {x.ApplicationId} \"{x.Name}\" in tenant {x.TenantId}{(x.SecretId is { } secret ? $" with client secret {secret}" : string.Empty)}",
        ApplicationEdited x => $"edited application {x.ApplicationId} (now \"{x.Name}\", {x.RedirectUris.Count} redirect URIs)",
        ApplicationEnabled x => $"enabled application {x.ApplicationId}",
        ApplicationDisabled x => $"disabled application {x.ApplicationId}",
        ApplicationDeleted x => $"deleted application {x.ApplicationId}",
        ApplicationRestored x => $"restored application {x.ApplicationId}",
        ApplicationSecretRotated x => $"rotated the client secret of application {x.ApplicationId} to secret {x.SecretId}; the previous one is valid until {x.PreviousValidUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}",
        FederationConnectionCreated x => $"created {x.Protocol} federation connection {x.ConnectionId} \"{x.Name}\" in tenant {x.TenantId}{(x.HasClientSecret ? " with a sealed client secret" : string.Empty)}",
        FederationConnectionEdited x => $"edited federation connection {x.ConnectionId} of tenant {x.TenantId}{(x.ClientSecretReplaced ? ", replacing its client secret" : !x.HasClientSecret ? ", without a client secret" : string.Empty)}",
        FederationConnectionEnabled x => $"enabled federation connection {x.ConnectionId} of tenant {x.TenantId}",
        FederationConnectionDisabled x => $"disabled federation connection {x.ConnectionId} of tenant {x.TenantId}",
        FederationConnectionDeleted x => $"deleted federation connection {x.ConnectionId} of tenant {x.TenantId}",
        AuditStreamCreated x => $"created audit stream {x.AuditStreamId} \"{x.Name}\" of tenant {x.TenantId} to {x.Url}",
        AuditStreamPaused x => $"paused audit stream {x.AuditStreamId} of tenant {x.TenantId}",
        AuditStreamResumed x => $"resumed audit stream {x.AuditStreamId} of tenant {x.TenantId}",
        AuditStreamDeleted x => $"deleted audit stream {x.AuditStreamId} of tenant {x.TenantId}",
        _ => $"recorded {data.GetType().Name}",
    };

    private static string? ReasonIn(object data) => data switch
    {
        AccountSetInactive x => x.Reason,
        AccountSetDeleted x => x.Reason,
        AccountErased x => x.Reason,
        TenantDeleted x => x.Reason,
        AncestorAccessRestricted x => x.Reason,
        ApplicationDisabled x => x.Reason,
        ApplicationDeleted x => x.Reason,
        ApplicationSecretRotated x => x.Reason,
        FederationConnectionDeleted x => x.Reason,
        AuditStreamDeleted x => x.Reason,
        _ => null,
    };

    private static string WorkspaceRole(Authorization.SystemRole? role, Guid? workspace) =>
        role is { } r && workspace is { } w ? $", {r} in workspace {w}" : string.Empty;

    private static string EndUserPolicySections(AuthenticationPolicyConfigured x) =>
        string.Join(", ", new[]
        {
            x.SignInMethods is null ? null : "sign-in methods",
            x.PasswordPolicy is null ? null : "password policy",
            x.MfaEnforcement is null ? null : "MFA enforcement",
        }.OfType<string>());

    private static string PolicySections(TenantPolicyConfigured x)
    {
        var sections = new List<string>();
        if (x.SignInMethods is not null)
        {
            sections.Add("sign-in methods");
        }

        if (x.PasswordPolicy is not null)
        {
            sections.Add("password policy");
        }

        if (x.MfaEnforcement is not null)
        {
            sections.Add("MFA enforcement");
        }

        if (x.Billing is not null)
        {
            sections.Add("billing settings");
        }

        return sections.Count == 0 ? "policy" : string.Join(", ", sections);
    }
}
