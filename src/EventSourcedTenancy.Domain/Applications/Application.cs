namespace EventSourcedTenancy.Applications;

/// <summary>
/// What kind of client an application is. Web and machine-to-machine applications keep a secret (confidential
/// clients); single-page and native applications cannot keep one and get none (public clients).
/// </summary>
public enum ApplicationKind
{
    Web,
    SinglePage,
    Native,
    MachineToMachine,
}

/// <summary>
/// One client secret of an application, as the service keeps it: its SHA-256 hash only. A secret without
/// <see cref="ValidUntil"/> is the current one; a rotated-out secret stays valid until its grace period ends.
/// </summary>
public sealed record ClientSecretHash(Guid SecretId, string Hash, DateTimeOffset? ValidUntil)
{
    public bool IsValidAt(DateTimeOffset now) => ValidUntil is not { } until || now < until;
}

// ---- Events of the application stream (stream id = application id). No event holds a secret, only its hash. ----

/// <summary>An application was registered in a tenant; a confidential client with its first secret's hash.</summary>
public sealed record ApplicationRegistered(
    Guid ApplicationId, Guid TenantId, string Name, ApplicationKind Kind, IReadOnlyList<string> RedirectUris, Guid? SecretId, string? SecretHash);

/// <summary>Its name and redirect URIs changed.</summary>
public sealed record ApplicationEdited(Guid ApplicationId, Guid TenantId, string Name, IReadOnlyList<string> RedirectUris);

public sealed record ApplicationEnabled(Guid ApplicationId, Guid TenantId);

/// <summary>Disabled: the application stays configured but may not sign anyone in.</summary>
public sealed record ApplicationDisabled(Guid ApplicationId, Guid TenantId, string? Reason);

/// <summary>Deleted to the recycle bin, restorable within its retention.</summary>
public sealed record ApplicationDeleted(Guid ApplicationId, Guid TenantId, string Reason);

public sealed record ApplicationRestored(Guid ApplicationId, Guid TenantId);

/// <summary>
/// A new secret replaced the current one, whose hash stays valid until <paramref name="PreviousValidUntil"/>
/// (the grace period); older secrets end now.
/// </summary>
public sealed record ApplicationSecretRotated(
    Guid ApplicationId, Guid TenantId, Guid SecretId, string SecretHash, DateTimeOffset PreviousValidUntil, string Reason);

/// <summary>
/// The Application aggregate (seed 003 "Applications"): a client that signs the tenant's users in. Each has its
/// own stream; the tenant it belongs to never changes.
/// </summary>
public sealed record Application(
    Guid Id,
    Guid TenantId,
    string Name,
    ApplicationKind Kind,
    IReadOnlyList<string> RedirectUris,
    bool Enabled,
    bool IsDeleted,
    IReadOnlyList<ClientSecretHash> Secrets)
{
    /// <summary>Every event of an application stream: what the event store feeds to <see cref="Fold"/>.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(ApplicationRegistered), typeof(ApplicationEdited), typeof(ApplicationEnabled), typeof(ApplicationDisabled),
        typeof(ApplicationDeleted), typeof(ApplicationRestored), typeof(ApplicationSecretRotated),
    ];

    /// <summary>Confidential clients keep a secret; public clients (single-page, native) cannot.</summary>
    public static bool KeepsSecret(ApplicationKind kind) => kind is ApplicationKind.Web or ApplicationKind.MachineToMachine;

    /// <summary>Folds one event; the first must register the application. Unknown events leave the state as is.</summary>
    public static Application Fold(Application? state, object @event) => (state, @event) switch
    {
        (null, ApplicationRegistered e) => new Application(
            e.ApplicationId, e.TenantId, e.Name, e.Kind, e.RedirectUris, true, false,
            e is { SecretId: { } id, SecretHash: { } hash } ? [new ClientSecretHash(id, hash, null)] : []),
        (null, _) => throw new InvalidOperationException($"An application stream starts with its registration, not {@event.GetType().Name}."),
        (_, ApplicationEdited e) => state with { Name = e.Name, RedirectUris = e.RedirectUris },
        (_, ApplicationEnabled) => state with { Enabled = true },
        (_, ApplicationDisabled) => state with { Enabled = false },
        (_, ApplicationDeleted) => state with { IsDeleted = true },
        (_, ApplicationRestored) => state with { IsDeleted = false },
        (_, ApplicationSecretRotated e) => state with
        {
            Secrets =
            [
                .. state.Secrets
                    .Where(s => s.ValidUntil is null)
                    .Select(s => s with { ValidUntil = e.PreviousValidUntil }),
                new ClientSecretHash(e.SecretId, e.SecretHash, null),
            ],
        },
        _ => state,
    };
}
