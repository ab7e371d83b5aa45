using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Authorization;

/// <summary>The outcome of resolving an impersonated actor: a context, or why not.</summary>
public sealed record ImpersonationResolution(ActorContext? Context, Rejection? Rejection);

/// <summary>The caller's authority in a tenant, or why impersonation was refused (the context then has none).</summary>
public sealed record ActorResolution(ActorContext Context, Rejection? Rejection);

/// <summary>
/// Computes an actor's effective capabilities in a target tenant from plain state. Pure: the handler
/// loads the actor's account and the chain of tenants from the root down to the target.
/// </summary>
public static class ActorResolver
{
    /// <summary>
    /// The actor's authority in the last tenant of <paramref name="chainFromRootToTarget"/>:
    /// <list type="bullet">
    /// <item>in its home tenant: its role (system or custom), function privileges held there, and its
    /// workspace roles, each only inside its workspace;</item>
    /// <item>in a descendant of its home tenant, for administrator accounts and only while every tenant on
    /// the path allows it (<see cref="AncestorAccess"/>): its role's inheritable capabilities (not the
    /// owner-only ones, not per-tenant service administration), plus function privileges held in the target;</item>
    /// <item>nothing anywhere else, nor when the account is not Active or the tenant is deleted.</item>
    /// </list>
    /// Seed 001's kind rules (docs/seeds.md; <see cref="TenantKindOperations"/>) narrow an
    /// administrator's role by the kind of its home tenant.
    /// </summary>
    public static ActorContext Resolve(Account actor, IReadOnlyList<Tenant> chainFromRootToTarget)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(chainFromRootToTarget);
        if (chainFromRootToTarget.Count == 0)
        {
            throw new ArgumentException("The chain needs at least the target tenant.", nameof(chainFromRootToTarget));
        }

        var target = chainFromRootToTarget[^1];
        var homeIndex = IndexOf(chainFromRootToTarget, actor.TenantId);
        if (actor.State != AccountState.Active || !target.IsLive || homeIndex < 0 || !chainFromRootToTarget[homeIndex].IsLive)
        {
            return ActorContext.Nobody(actor.Id, target.Id);
        }

        var home = chainFromRootToTarget[homeIndex];
        var roleCapabilities = TenantRoles.CapabilitiesOf(actor.Role, home) ?? CapabilitySet.Empty;
        if (actor.Kind == AccountKind.Administrator)
        {
            roleCapabilities = CapabilitySet.Except(roleCapabilities, TenantKindOperations.WithheldFromAdministratorsOf(home.Kind));
        }

        var privilegeCapabilities = actor.FunctionPrivileges
            .Where(p => p.TenantId == target.Id)
            .SelectMany(p => FunctionPrivileges.CapabilitiesOf(p.Privilege));

        if (homeIndex == chainFromRootToTarget.Count - 1)
        {
            var workspaces = actor.WorkspaceRoles
                .Where(w => home.FindWorkspace(w.WorkspaceId) is not null)
                .ToDictionary(w => w.WorkspaceId, w => SystemRoles.Of(w.Role).Capabilities);
            return new ActorContext(
                actor.Id, null, target.Id, actor.Role, AuthoritySource.Home,
                CapabilitySet.Union(roleCapabilities, privilegeCapabilities), workspaces);
        }

        if (!AncestorAccess.PathAllows(chainFromRootToTarget.Skip(homeIndex + 1)))
        {
            return ActorContext.Nobody(actor.Id, target.Id);
        }

        var inherited = actor.Kind == AccountKind.Administrator
            ? AncestorAccess.Inheritable(roleCapabilities)
            : CapabilitySet.Empty;
        var capabilities = CapabilitySet.Union(inherited, privilegeCapabilities);
        return capabilities.Count == 0
            ? ActorContext.Nobody(actor.Id, target.Id)
            : new ActorContext(actor.Id, null, target.Id, actor.Role, AuthoritySource.Inherited, capabilities, ActorContext.EmptyWorkspaces);
    }

    /// <summary>
    /// Seed 004: the real actor acting as the superuser in an operational tenant. The context carries both
    /// identities; its capabilities and effective role are the superuser's in the target tenant.
    /// </summary>
    /// <param name="actor">The real actor's account.</param>
    /// <param name="superuser">The identity acted as.</param>
    /// <param name="chainFromRootToTarget">The tenants from the Infrastructure root down to the target.</param>
    public static ImpersonationResolution ResolveImpersonation(Account actor, Account superuser, IReadOnlyList<Tenant> chainFromRootToTarget)
    {
        if (ImpersonationConditions.Check(actor, superuser, chainFromRootToTarget) is { } rejection)
        {
            return new ImpersonationResolution(null, rejection);
        }

        var actingAs = Resolve(superuser, chainFromRootToTarget);
        return new ImpersonationResolution(
            actingAs with { AccountId = actor.Id, ActingAsAccountId = superuser.Id, Source = AuthoritySource.Impersonation },
            null);
    }

    /// <summary>The refusal of a caller whose account does not exist (a token or actor-account header naming no account).</summary>
    public static readonly Rejection UnknownCaller = new(
        RejectionCodes.Unauthenticated, "The caller's account does not exist: send a bearer token (HTTP) or actor-account header (bus) of an existing account.", RejectionKind.Forbidden);

    /// <summary>
    /// The caller of a command or a read, in the last tenant of <paramref name="chainFromRootToTarget"/>
    /// (empty: the tenant does not exist): its own account resolved along the chain, or, when it asks to act
    /// as a superuser, the impersonation (seed 004). A caller whose account does not exist is refused (<see cref="UnknownCaller"/>).
    /// </summary>
    /// <param name="actorId">The authenticated account, if any.</param>
    /// <param name="actAsId">The superuser account the caller asks to act as, if any.</param>
    /// <param name="chainFromRootToTarget">The tenants from the root down to the target.</param>
    /// <param name="accountById">The accounts read for the caller.</param>
    /// <param name="targetTenantId">The tenant the authority is wanted in.</param>
    /// <param name="now">The current time: acting as a superuser needs a session open now.</param>
    public static ActorResolution ResolveCaller(
        Guid? actorId, Guid? actAsId, IReadOnlyList<Tenant> chainFromRootToTarget, Func<Guid, Account?> accountById, Guid targetTenantId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chainFromRootToTarget);
        ArgumentNullException.ThrowIfNull(accountById);
        if (actorId is not { } id)
        {
            return new ActorResolution(ActorContext.Nobody(Guid.Empty, targetTenantId), null);
        }

        // A caller whose account does not exist is nobody: refused as unauthenticated before anything else.
        if (accountById(id) is not { } actor)
        {
            return new ActorResolution(ActorContext.Nobody(id, targetTenantId), UnknownCaller);
        }

        if (chainFromRootToTarget.Count == 0)
        {
            return new ActorResolution(ActorContext.Nobody(id, targetTenantId), null);
        }

        if (actAsId is not { } superuserId)
        {
            return new ActorResolution(Resolve(actor, chainFromRootToTarget), null);
        }

        // Acting as someone is honoured only inside a session the caller began here and that is still open;
        // checked before anything about the account named, so a guessed id learns nothing.
        if (chainFromRootToTarget[^1].OpenSession(id, superuserId, now) is null)
        {
            // A caller with no authority of its own here learns nothing, not even that the tenant exists: it is
            // nobody, and answered as for an unknown id, exactly as without the header.
            if (Resolve(actor, chainFromRootToTarget).Capabilities.Count == 0)
            {
                return new ActorResolution(ActorContext.Nobody(id, targetTenantId), null);
            }

            return new ActorResolution(ActorContext.Nobody(id, targetTenantId), Rejection.Forbidden(RejectionCodes.ImpersonationNotBegun,
                "X-Act-As (act-as) is honoured only inside an impersonation session you began in this tenant and that has not ended or expired; " +
                "begin one with POST /tenants/{id}/impersonation."));
        }

        if (accountById(superuserId) is not { } superuser)
        {
            return new ActorResolution(ActorContext.Nobody(id, targetTenantId), Rejection.NotFound(
                "impersonation_target_not_found", $"There is no account {superuserId} to act as; check the act-as header."));
        }

        var impersonation = ResolveImpersonation(actor, superuser, chainFromRootToTarget);
        return new ActorResolution(impersonation.Context ?? ActorContext.Nobody(id, targetTenantId), impersonation.Rejection);
    }

    private static int IndexOf(IReadOnlyList<Tenant> chain, Guid tenantId)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            if (chain[i].Id == tenantId)
            {
                return i;
            }
        }

        return -1;
    }
}
