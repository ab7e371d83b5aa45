namespace EventSourcedTenancy.Authorization;

/// <summary>Where an actor's authority in the target tenant comes from.</summary>
public enum AuthoritySource
{
    /// <summary>No authority here (inactive account, tenant out of reach, access restricted).</summary>
    None,
    /// <summary>The actor's own role in its home tenant.</summary>
    Home,
    /// <summary>Administration inherited from an ancestor tenant (docs/seeds.md, seed 001).</summary>
    Inherited,
    /// <summary>Acting as the superuser through impersonation (seed 004).</summary>
    Impersonation,
    /// <summary>The installation itself: bootstrap and identity-provider callbacks only.</summary>
    System,
}

/// <summary>
/// Who is acting, as whom, and what they may do in one tenant. Built by <see cref="ActorResolver"/>
/// from plain state; decisions read it and never look anything up.
/// </summary>
/// <param name="AccountId">The real actor (<see cref="Guid.Empty"/> for the system actor).</param>
/// <param name="ActingAsAccountId">The identity acted as under impersonation, otherwise null.</param>
/// <param name="TenantId">The tenant these capabilities apply in.</param>
/// <param name="EffectiveRole">The role the authority comes from (the superuser's under impersonation).</param>
/// <param name="Source">Where the authority comes from.</param>
/// <param name="Capabilities">Tenant-wide capabilities.</param>
/// <param name="WorkspaceCapabilities">Extra capabilities that hold only inside one workspace.</param>
public sealed record ActorContext(
    Guid AccountId,
    Guid? ActingAsAccountId,
    Guid TenantId,
    RoleRef? EffectiveRole,
    AuthoritySource Source,
    IReadOnlySet<Capability> Capabilities,
    IReadOnlyDictionary<Guid, IReadOnlySet<Capability>> WorkspaceCapabilities)
{
    private static readonly IReadOnlyDictionary<Guid, IReadOnlySet<Capability>> NoWorkspaces =
        new Dictionary<Guid, IReadOnlySet<Capability>>();

    public bool IsSystem => Source == AuthoritySource.System;

    /// <summary>The identity the actor's own-account rules apply to: the acted-as one under impersonation.</summary>
    public Guid EffectiveAccountId => ActingAsAccountId ?? AccountId;

    public bool Has(Capability capability) => Capabilities.Contains(capability);

    /// <summary>Tenant-wide capabilities plus, when <paramref name="workspaceId"/> is given, that workspace's.</summary>
    public IReadOnlySet<Capability> CapabilitiesIn(Guid? workspaceId) =>
        workspaceId is { } id && WorkspaceCapabilities.TryGetValue(id, out var scoped)
            ? CapabilitySet.Union(Capabilities, scoped)
            : Capabilities;

    public bool HasIn(Guid? workspaceId, Capability capability) => CapabilitiesIn(workspaceId).Contains(capability);

    /// <summary>The installation acting on its own behalf: bootstrap and identity-provider callbacks.</summary>
    public static ActorContext System(Guid tenantId) =>
        new(Guid.Empty, null, tenantId, null, AuthoritySource.System, CapabilitySet.Empty, NoWorkspaces);

    /// <summary>An actor with no authority in the tenant.</summary>
    public static ActorContext Nobody(Guid accountId, Guid tenantId) =>
        new(accountId, null, tenantId, null, AuthoritySource.None, CapabilitySet.Empty, NoWorkspaces);

    internal static IReadOnlyDictionary<Guid, IReadOnlySet<Capability>> EmptyWorkspaces => NoWorkspaces;
}
