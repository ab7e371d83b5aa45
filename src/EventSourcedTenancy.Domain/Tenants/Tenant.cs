using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Federation;

namespace EventSourcedTenancy.Tenants;

public enum TenantKind
{
    /// <summary>
    /// The root of an installation: home of the platform superuser and operators (docs/seeds.md, seed 004).
    /// </summary>
    Infrastructure,
    Partner,
    Folder,
    Customer,
    Unit,
}

/// <summary>Seed 001: whether the service provider's administrators may act inside a Partner or Customer tenant.</summary>
public enum ManagementMode
{
    ManagedByServiceProvider,
    SelfManaged,
}

public enum SignInMethod
{
    Password,
    Passkey,
    EmailOneTimeCode,
    SingleSignOn,
}

public enum MfaEnforcement
{
    Optional,
    RequiredForAdministrators,
    RequiredForEveryone,
}

public sealed record PasswordPolicy(int MinimumLength, bool RequireDigit, bool RequireSymbol, bool RequireMixedCase, int? MaximumAgeDays);

public sealed record BillingSettings(string Plan, string? InvoiceEmail);

/// <summary>The owner-only policy of a tenant (seeds 000, 002, 003).</summary>
public sealed record TenantPolicy(
    IReadOnlyList<SignInMethod> SignInMethods,
    PasswordPolicy? PasswordPolicy,
    MfaEnforcement MfaEnforcement,
    BillingSettings? Billing)
{
    public static TenantPolicy Default { get; } = new([SignInMethod.Password], null, MfaEnforcement.Optional, null);
}

/// <summary>
/// The authentication policy for the tenant's end users (seed 003 "Configure authentication policy", "Configure MFA
/// enforcement"): what the people who sign in to the tenant's applications must use. Not the administrators'
/// owner-only <see cref="TenantPolicy"/>.
/// </summary>
public sealed record AuthenticationPolicy(IReadOnlyList<SignInMethod> SignInMethods, PasswordPolicy? PasswordPolicy, MfaEnforcement MfaEnforcement)
{
    public static AuthenticationPolicy Default { get; } = new([SignInMethod.Password], null, MfaEnforcement.Optional);
}

public sealed record Branding(string DisplayName, string? LogoUrl, string? PrimaryColor);

/// <summary>A workspace / managed group inside a tenant (seeds 000, 002).</summary>
public sealed record Workspace(Guid Id, string Name);

/// <summary>A tenant's own role: a named capability set (seed 003 "Create a custom role").</summary>
public sealed record CustomRole(Guid Id, string Name, IReadOnlyList<Capability> Capabilities);

// ---- Events of the tenant stream (stream id = tenant id). ----

/// <summary>A tenant came into being with its first active Owner.</summary>
public sealed record TenantCreated(
    Guid TenantId, Guid? ParentTenantId, TenantKind Kind, string Name, ManagementMode? ManagementMode, Guid FirstOwnerAccountId);

public sealed record ManagementModeChanged(Guid TenantId, ManagementMode ManagementMode);

/// <summary>The tenant's own administrators shut out administrators inherited from ancestors (seed 001).</summary>
public sealed record AncestorAccessRestricted(Guid TenantId, string? Reason);

/// <summary>The restriction was lifted.</summary>
public sealed record AncestorAccessAllowed(Guid TenantId);

/// <summary>Owner-only policy changed; null sections were left as they were.</summary>
public sealed record TenantPolicyConfigured(
    Guid TenantId,
    IReadOnlyList<SignInMethod>? SignInMethods,
    PasswordPolicy? PasswordPolicy,
    MfaEnforcement? MfaEnforcement,
    BillingSettings? Billing);

/// <summary>The end users' authentication policy changed; null sections were left as they were.</summary>
public sealed record AuthenticationPolicyConfigured(
    Guid TenantId, IReadOnlyList<SignInMethod>? SignInMethods, PasswordPolicy? PasswordPolicy, MfaEnforcement? MfaEnforcement);

public sealed record BrandingConfigured(Guid TenantId, string DisplayName, string? LogoUrl, string? PrimaryColor);

public sealed record WorkspaceCreated(Guid TenantId, Guid WorkspaceId, string Name);

public sealed record CustomRoleDefined(Guid TenantId, Guid RoleId, string Name, IReadOnlyList<Capability> Capabilities);

/// <summary>An account became an active Owner (promotion, accepted Owner invitation, reactivation, restore).</summary>
public sealed record OwnerAdded(Guid TenantId, Guid AccountId);

/// <summary>An account stopped being an active Owner (demotion, deactivation, deletion, erasure).</summary>
public sealed record OwnerWithdrawn(Guid TenantId, Guid AccountId);

public sealed record OwnershipTransferred(Guid TenantId, Guid FromAccountId, Guid ToAccountId);

public sealed record TenantDeleted(Guid TenantId, string? Reason);

/// <summary>Seed 004: the superuser may be impersonated in this (operational) tenant.</summary>
public sealed record ImpersonationTargetDefined(Guid TenantId, Guid AccountId);

/// <summary>
/// Seed 004: an infrastructure account began acting as the superuser in this tenant, for a session that lasts
/// until <paramref name="ExpiresAt"/> unless ended before (an event recorded before sessions existed has no
/// expiry, and is over).
/// </summary>
public sealed record ImpersonationBegan(Guid TenantId, Guid ActorAccountId, Guid ActingAsAccountId, DateTimeOffset ExpiresAt = default);

/// <summary>An impersonation session ended: by its actor (<see cref="ImpersonationEnd.Ended"/>) or by running out of time.</summary>
public sealed record ImpersonationEnded(Guid TenantId, Guid ActorAccountId, Guid ActingAsAccountId, ImpersonationEnd How);

public enum ImpersonationEnd
{
    Ended,
    Expired,
}

/// <summary>A begun impersonation: who acts as whom in the tenant, until when.</summary>
public sealed record ImpersonationSession(Guid ActorAccountId, Guid ActingAsAccountId, DateTimeOffset ExpiresAt)
{
    /// <summary>How long a session lasts unless ended before.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    public bool IsOpenAt(DateTimeOffset now) => now < ExpiresAt;
}

/// <summary>
/// The Tenant aggregate. It is the consistency boundary for its owner set: every change to who is an
/// active Owner appends to this stream, so concurrent demotions race on its version.
/// </summary>
public sealed record Tenant(
    Guid Id,
    Guid? ParentId,
    TenantKind Kind,
    string Name,
    ManagementMode? ManagementMode,
    bool AncestorAccessRestricted,
    TenantPolicy Policy,
    Branding? Branding,
    IReadOnlyList<Workspace> Workspaces,
    IReadOnlyList<CustomRole> CustomRoles,
    IReadOnlyList<Guid> ActiveOwners,
    IReadOnlyList<Guid> ImpersonationTargets,
    bool IsDeleted)
{
    /// <summary>The tenant's federation connections (their client secrets are sealed apart, never here).</summary>
    public IReadOnlyList<FederationConnection> FederationConnections { get; init; } = [];

    public FederationConnection? FindFederationConnection(Guid connectionId) => FederationConnections.FirstOrDefault(c => c.Id == connectionId);

    /// <summary>The tenant's audit streams (their signing secrets are sealed apart, never here).</summary>
    public IReadOnlyList<AuditStream> AuditStreams { get; init; } = [];

    public AuditStream? FindAuditStream(Guid streamId) => AuditStreams.FirstOrDefault(s => s.Id == streamId);

    /// <summary>The authentication policy of the tenant's end users.</summary>
    public AuthenticationPolicy EndUserPolicy { get; init; } = AuthenticationPolicy.Default;

    /// <summary>The impersonation sessions begun here and not yet ended (some may have run out of time).</summary>
    public IReadOnlyList<ImpersonationSession> ImpersonationSessions { get; init; } = [];

    /// <summary>The open session in which <paramref name="actorId"/> acts as <paramref name="actingAsId"/>, if any.</summary>
    public ImpersonationSession? OpenSession(Guid actorId, Guid actingAsId, DateTimeOffset now) =>
        ImpersonationSessions.FirstOrDefault(s => s.ActorAccountId == actorId && s.ActingAsAccountId == actingAsId && s.IsOpenAt(now));

    /// <summary>Every event of a tenant stream: what the event store feeds to <see cref="Fold(Tenant?, object)"/>.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(TenantCreated), typeof(ManagementModeChanged), typeof(AncestorAccessRestricted), typeof(AncestorAccessAllowed),
        typeof(TenantPolicyConfigured), typeof(BrandingConfigured), typeof(WorkspaceCreated), typeof(CustomRoleDefined),
        typeof(OwnerAdded), typeof(OwnerWithdrawn), typeof(OwnershipTransferred), typeof(TenantDeleted),
        typeof(ImpersonationTargetDefined), typeof(ImpersonationBegan), typeof(ImpersonationEnded),
        typeof(AuthenticationPolicyConfigured), typeof(FederationConnectionCreated), typeof(FederationConnectionEdited),
        typeof(FederationConnectionEnabled), typeof(FederationConnectionDisabled), typeof(FederationConnectionDeleted),
        typeof(AuditStreamCreated), typeof(AuditStreamPaused), typeof(AuditStreamResumed), typeof(AuditStreamDeleted),
    ];

    public bool IsLive => !IsDeleted;

    public Workspace? FindWorkspace(Guid workspaceId) => Workspaces.FirstOrDefault(w => w.Id == workspaceId);

    public CustomRole? FindCustomRole(Guid roleId) => CustomRoles.FirstOrDefault(r => r.Id == roleId);

    public bool IsActiveOwner(Guid accountId) => ActiveOwners.Contains(accountId);

    private static Tenant Start(TenantCreated e) => new(
        e.TenantId, e.ParentTenantId, e.Kind, e.Name, e.ManagementMode, false, TenantPolicy.Default, null,
        [], [], [e.FirstOwnerAccountId], [], false);

    private Tenant When(ManagementModeChanged e) => this with { ManagementMode = e.ManagementMode };

    private Tenant When(AncestorAccessRestricted e) => this with { AncestorAccessRestricted = true };

    private Tenant When(AncestorAccessAllowed e) => this with { AncestorAccessRestricted = false };

    private Tenant When(TenantPolicyConfigured e) => this with
    {
        Policy = new TenantPolicy(
            e.SignInMethods ?? Policy.SignInMethods,
            e.PasswordPolicy ?? Policy.PasswordPolicy,
            e.MfaEnforcement ?? Policy.MfaEnforcement,
            e.Billing ?? Policy.Billing),
    };

    private Tenant When(AuthenticationPolicyConfigured e) => this with
    {
        EndUserPolicy = new AuthenticationPolicy(
            e.SignInMethods ?? EndUserPolicy.SignInMethods,
            e.PasswordPolicy ?? EndUserPolicy.PasswordPolicy,
            e.MfaEnforcement ?? EndUserPolicy.MfaEnforcement),
    };

    private Tenant When(BrandingConfigured e) => this with { Branding = new Branding(e.DisplayName, e.LogoUrl, e.PrimaryColor) };

    private Tenant When(WorkspaceCreated e) => this with { Workspaces = [.. Workspaces, new Workspace(e.WorkspaceId, e.Name)] };

    private Tenant When(CustomRoleDefined e) => this with
    {
        CustomRoles = [.. CustomRoles.Where(r => r.Id != e.RoleId), new CustomRole(e.RoleId, e.Name, e.Capabilities)],
    };

    private Tenant When(OwnerAdded e) => this with { ActiveOwners = [.. ActiveOwners.Where(id => id != e.AccountId), e.AccountId] };

    private Tenant When(OwnerWithdrawn e) => this with { ActiveOwners = [.. ActiveOwners.Where(id => id != e.AccountId)] };

    private Tenant When(OwnershipTransferred e) => this with
    {
        ActiveOwners = [.. ActiveOwners.Where(id => id != e.FromAccountId && id != e.ToAccountId), e.ToAccountId],
    };

    private Tenant When(FederationConnectionCreated e) => this with
    {
        FederationConnections = [.. FederationConnections, new FederationConnection(e.ConnectionId, e.Name, e.Protocol, e.Settings, true, e.HasClientSecret)],
    };

    private Tenant WithConnection(Guid connectionId, Func<FederationConnection, FederationConnection> change) => this with
    {
        FederationConnections = [.. FederationConnections.Select(c => c.Id == connectionId ? change(c) : c)],
    };

    private Tenant When(TenantDeleted e) => this with { IsDeleted = true };

    private Tenant When(ImpersonationTargetDefined e) => this with
    {
        ImpersonationTargets = [.. ImpersonationTargets.Where(id => id != e.AccountId), e.AccountId],
    };

    private Tenant When(ImpersonationBegan e) => this with
    {
        ImpersonationSessions =
        [
            .. ImpersonationSessions.Where(s => s.ActorAccountId != e.ActorAccountId || s.ActingAsAccountId != e.ActingAsAccountId),
            new ImpersonationSession(e.ActorAccountId, e.ActingAsAccountId, e.ExpiresAt),
        ],
    };

    private Tenant When(ImpersonationEnded e) => this with
    {
        ImpersonationSessions = [.. ImpersonationSessions.Where(s => s.ActorAccountId != e.ActorAccountId || s.ActingAsAccountId != e.ActingAsAccountId)],
    };

    /// <summary>Folds one event; the first must be <see cref="TenantCreated"/>. Unknown events leave the state as is.</summary>
    public static Tenant Fold(Tenant? state, object @event) => (state, @event) switch
    {
        (null, TenantCreated e) => Start(e),
        (null, _) => throw new InvalidOperationException($"A tenant stream starts with {nameof(TenantCreated)}, not {@event.GetType().Name}."),
        (_, ManagementModeChanged e) => state.When(e),
        (_, AncestorAccessRestricted e) => state.When(e),
        (_, AncestorAccessAllowed e) => state.When(e),
        (_, TenantPolicyConfigured e) => state.When(e),
        (_, AuthenticationPolicyConfigured e) => state.When(e),
        (_, BrandingConfigured e) => state.When(e),
        (_, WorkspaceCreated e) => state.When(e),
        (_, CustomRoleDefined e) => state.When(e),
        (_, OwnerAdded e) => state.When(e),
        (_, OwnerWithdrawn e) => state.When(e),
        (_, OwnershipTransferred e) => state.When(e),
        (_, TenantDeleted e) => state.When(e),
        (_, FederationConnectionCreated e) => state.When(e),
        (_, AuditStreamCreated e) => state with { AuditStreams = [.. state.AuditStreams, new AuditStream(e.AuditStreamId, e.Name, e.Url, false)] },
        (_, AuditStreamPaused e) => state with { AuditStreams = [.. state.AuditStreams.Select(s => s.Id == e.AuditStreamId ? s with { Paused = true } : s)] },
        (_, AuditStreamResumed e) => state with { AuditStreams = [.. state.AuditStreams.Select(s => s.Id == e.AuditStreamId ? s with { Paused = false } : s)] },
        (_, AuditStreamDeleted e) => state with { AuditStreams = [.. state.AuditStreams.Where(s => s.Id != e.AuditStreamId)] },
        (_, FederationConnectionEdited e) => state.WithConnection(e.ConnectionId, c => c with { Name = e.Name, Settings = e.Settings, HasClientSecret = e.HasClientSecret }),
        (_, FederationConnectionEnabled e) => state.WithConnection(e.ConnectionId, c => c with { Enabled = true }),
        (_, FederationConnectionDisabled e) => state.WithConnection(e.ConnectionId, c => c with { Enabled = false }),
        (_, FederationConnectionDeleted e) => state with { FederationConnections = [.. state.FederationConnections.Where(c => c.Id != e.ConnectionId)] },
        (_, ImpersonationTargetDefined e) => state.When(e),
        (_, ImpersonationBegan e) => state.When(e),
        (_, ImpersonationEnded e) => state.When(e),
        _ => state,
    };

    public static Tenant Fold(IEnumerable<object> events) =>
        events.Aggregate((Tenant?)null, Fold) ?? throw new InvalidOperationException("A tenant needs at least one event.");
}
