namespace EventSourcedTenancy.Rules;

/// <summary>Stable codes of every rejection, for clients to branch on. Messages may change; codes do not.</summary>
public static class RejectionCodes
{
    // Input (Invalid).
    public const string InvalidEmail = "invalid_email";
    public const string InvalidName = "invalid_name";
    public const string InvalidText = "invalid_text";
    public const string InvalidRole = "invalid_role";
    public const string InvalidPolicy = "invalid_policy";
    public const string InvalidBranding = "invalid_branding";
    public const string InvalidApplication = "invalid_application";
    public const string InvalidAuditStream = "invalid_audit_stream";
    public const string InvalidFederationConnection = "invalid_federation_connection";
    public const string SecretOverHttpOnly = "secret_over_http_only";
    public const string SecretSealingUnavailable = "secret_sealing_unavailable";
    public const string InvalidRecipientKey = "invalid_recipient_key";
    public const string SecretRecipientKeyRequired = "secret_recipient_key_required";
    public const string InvalidCustomRole = "invalid_custom_role";
    public const string InvalidTenantKind = "invalid_tenant_kind";
    public const string InvalidPrivilegeScope = "invalid_privilege_scope";
    public const string ConfirmationMismatch = "confirmation_mismatch";
    public const string WrongTenant = "wrong_tenant";
    public const string ImpersonationWhileActingAs = "impersonation_while_acting_as";
    public const string InvalidBody = "invalid_body";
    public const string MissingField = "missing_field";
    public const string UnknownField = "unknown_field";
    public const string DuplicateField = "duplicate_field";
    public const string InvalidValue = "invalid_value";
    public const string InvalidEnum = "invalid_enum";
    public const string InvalidId = "invalid_id";
    public const string InvalidHeader = "invalid_header";
    public const string InvalidQuery = "invalid_query";
    public const string InvalidRows = "invalid_rows";
    public const string InvalidFormat = "invalid_format";
    public const string InvalidLimit = "invalid_limit";
    public const string InvalidTimeRange = "invalid_time_range";
    public const string DuplicateEmail = "duplicate_email";

    // Authority (Forbidden).
    public const string Unauthenticated = "unauthenticated";
    public const string UnknownActor = "unknown_actor";
    public const string MissingCapability = "missing_capability";
    public const string OwnerOnly = "owner_only";
    public const string OnlyOwnerMakesOwner = "only_owner_makes_owner";
    public const string Escalation = "escalation";
    public const string OwnerAccount = "owner_account";
    public const string AdministratorAccount = "administrator_account";
    public const string MorePowerfulAccount = "more_powerful_account";
    public const string NotTheInvitee = "not_the_invitee";
    public const string SystemActorOnly = "system_actor_only";
    public const string OwnAdministratorsOnly = "own_administrators_only";
    public const string ImpersonationNotAllowed = "impersonation_not_allowed";
    public const string ImpersonationNotBegun = "impersonation_not_begun";
    public const string NotYourImpersonation = "not_your_impersonation";

    // State (Conflict).
    public const string TenantDeleted = "tenant_deleted";
    public const string LastOwner = "last_owner";
    public const string ChildKindNotAllowed = "child_kind_not_allowed";
    public const string NoManagementMode = "no_management_mode";
    public const string BrandingNotAllowed = "branding_not_allowed";
    public const string InstallationExists = "installation_exists";
    public const string TenantHasChildren = "tenant_has_children";
    public const string InfrastructureTenant = "infrastructure_tenant";
    public const string EmailInUse = "email_in_use";
    public const string AccountState = "account_state";
    public const string ApplicationState = "application_state";
    public const string PublicClient = "public_client";
    public const string InvitationExpired = "invitation_expired";
    public const string UserAccountRole = "user_account_role";
    public const string NotAnOwner = "not_an_owner";
    public const string AlreadyExists = "already_exists";
    public const string DifferentTenant = "different_tenant";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string ImpersonationNotActive = "impersonation_not_active";
    public const string ConcurrentChange = "concurrent_change";

    // Lookup (NotFound).
    public const string TenantNotFound = "tenant_not_found";
    public const string AccountNotFound = "account_not_found";
    public const string ApplicationNotFound = "application_not_found";
    public const string AuditStreamNotFound = "audit_stream_not_found";
    public const string SecretPickupNotFound = "secret_pickup_not_found";
    public const string FederationConnectionNotFound = "federation_connection_not_found";
    public const string VersionNotFound = "version_not_found";
    public const string NotYetExisting = "not_yet_existing";
    public const string WorkspaceNotFound = "workspace_not_found";
    public const string CustomRoleNotFound = "custom_role_not_found";
    public const string ParentNotFound = "parent_not_found";
    public const string RetentionExpired = "retention_expired";

    /// <summary>An evidence bundle asked for a range without audit entries: it would prove nothing.</summary>
    public const string NoAuditEntries = "no_audit_entries";
}
