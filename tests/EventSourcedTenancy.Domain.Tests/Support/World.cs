using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Support;

/// <summary>
/// An in-memory installation for specifications: Given events fold into tenant and account states;
/// When a command is decided the way a handler would (looking up its inputs here); Then the decision
/// is inspected and, if accepted, folded in. Ids are deterministic so failures reproduce.
/// </summary>
public sealed class World
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<Guid, Tenant> tenants = [];
    private readonly Dictionary<Guid, Account> accounts = [];
    private readonly Dictionary<Guid, Application> applications = [];
    private readonly Queue<Guid> reusedIds = new();
    private int nextId;

    public Guid InfrastructureId { get; private set; }

    public Guid SuperuserId { get; private set; }

    public IReadOnlyDictionary<Guid, Tenant> Tenants => tenants;

    public IReadOnlyDictionary<Guid, Account> Accounts => accounts;

    public IReadOnlyDictionary<Guid, Application> Applications => applications;

    /// <summary>The client secret every decision here issues: fixed, so deciding twice gives the same events.</summary>
    public const string Secret = "ests_the-world-secret";

    public static string NewSecret() => Secret;

    public DateTimeOffset Clock { get; set; } = Now;

    /// <summary>An installation: the Infrastructure tenant and its superuser, bootstrapped by the system actor.</summary>
    public static World WithInstallation()
    {
        var world = new World();
        var tenantId = world.NewId();
        var superuserId = world.NewId();
        var decision = CreateInstallation.Decide(
            false, new CreateInstallation("Installation", "superuser@install.test", "Super", "User"),
            ActorContext.System(Guid.Empty), tenantId, superuserId, Now);
        world.Apply(decision);
        world.InfrastructureId = tenantId;
        world.SuperuserId = superuserId;
        return world;
    }

    public Guid NewId()
    {
        if (reusedIds.TryDequeue(out var reused))
        {
            return reused;
        }

        nextId++;
        return new Guid(nextId, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]);
    }

    /// <summary>The next ids <see cref="NewId"/> hands out are these, in order: to decide a command twice with the same new ids.</summary>
    public void ReuseIds(IEnumerable<Guid> ids)
    {
        foreach (var id in ids)
        {
            reusedIds.Enqueue(id);
        }
    }

    public Tenant Tenant(Guid id) => tenants[id];

    public Account Account(Guid id) => accounts[id];

    public Guid OwnerOf(Guid tenantId) => tenants[tenantId].ActiveOwners[0];

    // ---------- Given ----------

    public void Given(params IEnumerable<PendingEvent> events)
    {
        foreach (var pending in events)
        {
            if (pending.Stream == StreamKind.Tenant)
            {
                tenants[pending.StreamId] = EvolveTenant(pending);
            }
            else if (pending.Stream == StreamKind.Application)
            {
                applications[pending.StreamId] = Application.Fold(applications.GetValueOrDefault(pending.StreamId), pending.Event);
            }
            else
            {
                accounts[pending.StreamId] = EventSourcedTenancy.Accounts.Account.Fold(accounts.GetValueOrDefault(pending.StreamId), pending.Event);
            }
        }
    }

    private Tenant EvolveTenant(PendingEvent pending) =>
        EventSourcedTenancy.Tenants.Tenant.Fold(tenants.GetValueOrDefault(pending.StreamId), pending.Event);

    /// <summary>Given a tenant of this kind under <paramref name="parentId"/>, with an active first Owner.</summary>
    public Guid NewTenant(TenantKind kind, Guid? parentId = null, ManagementMode? mode = null, string? name = null)
    {
        var id = NewId();
        var owner = NewId();
        mode ??= kind is TenantKind.Partner or TenantKind.Customer ? ManagementMode.ManagedByServiceProvider : null;
        Given(
            PendingEvent.ForTenant(id, new TenantCreated(id, parentId ?? InfrastructureId, kind, name ?? $"{kind} {id.ToString()[..8]}", mode, owner)),
            PendingEvent.ForAccount(owner, new AdminCreated(owner, id, $"owner{owner.ToString()[..8]}@test.test", "First", "Owner", RoleRef.Of(SystemRole.Owner))));
        return id;
    }

    /// <summary>Given an active administrator account with this role (an Owner joins the owner set).</summary>
    public Guid NewAdmin(Guid tenantId, SystemRole role = SystemRole.Administrator) => NewAdmin(tenantId, RoleRef.Of(role));

    public Guid NewAdmin(Guid tenantId, RoleRef role)
    {
        var id = NewId();
        Given(PendingEvent.ForAccount(id, new AdminCreated(id, tenantId, $"admin{id.ToString()[..8]}@test.test", "Ada", role.ToString(), role)));
        if (role.IsOwner)
        {
            Given(PendingEvent.ForTenant(tenantId, new OwnerAdded(tenantId, id)));
        }

        return id;
    }

    /// <summary>Given an application of the tenant, registered by its first Owner; a web application has a secret.</summary>
    public Guid NewApplication(Guid tenantId, ApplicationKind kind = ApplicationKind.Web)
    {
        var id = NewId();
        var keepsSecret = Application.KeepsSecret(kind);
        Given(PendingEvent.ForApplication(id, new ApplicationRegistered(
            id, tenantId, $"App {id.ToString()[..8]}", kind, kind == ApplicationKind.MachineToMachine ? [] : ["https://app.test/cb"],
            keepsSecret ? NewId() : null, keepsSecret ? ClientSecrets.Hash(Secret) : null)));
        return id;
    }

    /// <summary>Given an OpenID Connect connection of the tenant, with a client secret.</summary>
    public Guid NewFederationConnection(Guid tenantId)
    {
        var id = NewId();
        Given(PendingEvent.ForTenant(tenantId, new FederationConnectionCreated(tenantId, id, $"IdP {id.ToString()[..8]}", FederationProtocol.OpenIdConnect, OidcSettings, true)));
        return id;
    }

    /// <summary>Given an audit stream of the tenant.</summary>
    public Guid NewAuditStream(Guid tenantId)
    {
        var id = NewId();
        Given(PendingEvent.ForTenant(tenantId, new AuditStreamCreated(tenantId, id, $"SIEM {id.ToString()[..8]}", "https://siem.test/audit")));
        return id;
    }

    public static readonly FederationSettings OidcSettings = new("https://idp.test", "client-1", ["openid", "email"], null, null, ["acme.test"]);

    public void GivenApplicationEvent(Guid applicationId, object @event) => Given(PendingEvent.ForApplication(applicationId, @event));

    public Guid NewUser(Guid tenantId)
    {
        var id = NewId();
        Given(PendingEvent.ForAccount(id, new UserCreated(id, tenantId, $"user{id.ToString()[..8]}@test.test", "Uma", "User")));
        return id;
    }

    public Guid NewInvitation(Guid tenantId, RoleRef role, Guid? workspaceId = null, SystemRole? workspaceRole = null)
    {
        var id = NewId();
        Given(PendingEvent.ForAccount(id, new AdminInvited(
            id, tenantId, $"invitee{id.ToString()[..8]}@test.test", "Ivy", "Invitee", role, workspaceId, workspaceRole, Now.AddDays(7))));
        return id;
    }

    public Guid NewWorkspace(Guid tenantId, string? name = null)
    {
        var id = NewId();
        Given(PendingEvent.ForTenant(tenantId, new WorkspaceCreated(tenantId, id, name ?? $"Workspace {id.ToString()[..8]}")));
        return id;
    }

    public void GivenWorkspaceRole(Guid accountId, Guid workspaceId, SystemRole role) =>
        Given(PendingEvent.ForAccount(accountId, new WorkspaceRoleAssigned(accountId, workspaceId, role)));

    public void GivenPrivilege(Guid accountId, Guid tenantId, FunctionPrivilege privilege) =>
        Given(PendingEvent.ForAccount(accountId, new FunctionPrivilegeGranted(accountId, tenantId, privilege)));

    public void GivenTenantEvent(Guid tenantId, object @event) => Given(PendingEvent.ForTenant(tenantId, @event));

    public void GivenAccountEvent(Guid accountId, object @event) => Given(PendingEvent.ForAccount(accountId, @event));

    // ---------- Authority ----------

    /// <summary>The tenants from the root down to <paramref name="tenantId"/>.</summary>
    public IReadOnlyList<Tenant> Chain(Guid tenantId)
    {
        var chain = new List<Tenant>();
        for (Guid? id = tenantId; id is { } current; id = tenants[current].ParentId)
        {
            chain.Add(tenants[current]);
        }

        chain.Reverse();
        return chain;
    }

    public ActorContext Actor(Guid accountId, Guid tenantId) => ActorResolver.Resolve(accounts[accountId], Chain(tenantId));

    public ActorContext Actor(Guid accountId) => Actor(accountId, accounts[accountId].TenantId);

    public ActorContext Impersonating(Guid actorId, Guid superuserId, Guid tenantId) =>
        ActorResolver.ResolveImpersonation(accounts[actorId], accounts[superuserId], Chain(tenantId)).Context
        ?? throw new InvalidOperationException("Impersonation was refused.");

    // ---------- When ----------

    /// <summary>Decides <paramref name="command"/> by the account <paramref name="actorId"/>, resolved where the command acts.</summary>
    public Decision Decide(Guid actorId, object command) => Decide(accountId => Actor(actorId, accountId), command, actorId);

    /// <summary>Decides with a given actor context (impersonation, the system actor).</summary>
    public Decision Decide(ActorContext actor, object command) => Decide(_ => actor, command, actor.AccountId);

    /// <summary>Decides and, when accepted, folds the events in.</summary>
    public Decision Execute(Guid actorId, object command) => Apply(Decide(actorId, command));

    public Decision Execute(ActorContext actor, object command) => Apply(Decide(actor, command));

    public Decision Apply(Decision decision)
    {
        if (decision.IsAccepted)
        {
            Given(decision.Events);
        }

        return decision;
    }

    /// <summary>The tenant a command acts in: where the actor's authority is resolved.</summary>
    public Guid TenantOf(object command) => command switch
    {
        CreateInstallation => InfrastructureId,
        CreateTenant c => c.ParentTenantId,
        ChangeManagementMode c => c.TenantId,
        RestrictAncestorAccess c => c.TenantId,
        ConfigureTenantPolicy c => c.TenantId,
        ConfigureAuthenticationPolicy c => c.TenantId,
        CreateAuditStream c => c.TenantId,
        PauseAuditStream c => c.TenantId,
        ResumeAuditStream c => c.TenantId,
        DeleteAuditStream c => c.TenantId,
        CreateFederationConnection c => c.TenantId,
        EditFederationConnection c => c.TenantId,
        EnableFederationConnection c => c.TenantId,
        DisableFederationConnection c => c.TenantId,
        DeleteFederationConnection c => c.TenantId,
        RegisterApplication c => c.TenantId,
        EditApplication c => applications[c.ApplicationId].TenantId,
        EnableApplication c => applications[c.ApplicationId].TenantId,
        DisableApplication c => applications[c.ApplicationId].TenantId,
        DeleteApplication c => applications[c.ApplicationId].TenantId,
        RestoreApplication c => applications[c.ApplicationId].TenantId,
        RotateApplicationSecret c => applications[c.ApplicationId].TenantId,
        ConfigureBranding c => c.TenantId,
        CreateWorkspace c => c.TenantId,
        DefineCustomRole c => c.TenantId,
        TransferOwnership c => c.TenantId,
        DeleteTenant c => c.TenantId,
        DefineImpersonationTarget c => c.TenantId,
        BeginImpersonation c => c.TenantId,
        EndImpersonation c => c.TenantId,
        InviteAdmin c => c.TenantId,
        CreateUser c => c.TenantId,
        ImportUsers c => c.TenantId,
        GrantFunctionPrivilege c => c.TenantId,
        RevokeFunctionPrivilege c => c.TenantId,
        ResendInvitation c => accounts[c.AccountId].TenantId,
        AcceptInvitation c => accounts[c.AccountId].TenantId,
        ChangeRole c => accounts[c.AccountId].TenantId,
        PromoteToOwner c => accounts[c.AccountId].TenantId,
        SetAdminInactive c => accounts[c.AccountId].TenantId,
        ReactivateAccount c => accounts[c.AccountId].TenantId,
        SetAccountDeleted c => accounts[c.AccountId].TenantId,
        RestoreAccount c => accounts[c.AccountId].TenantId,
        EraseAccount c => accounts[c.AccountId].TenantId,
        ResetPassword c => accounts[c.AccountId].TenantId,
        ForceMfaReset c => accounts[c.AccountId].TenantId,
        AssignWorkspaceRole c => accounts[c.AccountId].TenantId,
        RemoveWorkspaceRole c => accounts[c.AccountId].TenantId,
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
    };

    private Decision Decide(Func<Guid, ActorContext> actorIn, object command, Guid actorAccountId)
    {
        var tenantId = TenantOf(command);
        var tenant = tenants[tenantId];
        var actor = actorIn(tenantId);
        return command switch
        {
            CreateInstallation c => CreateInstallation.Decide(
                tenants.Values.Any(t => t.Kind == TenantKind.Infrastructure), c, actor, NewId(), NewId(), Clock),
            CreateTenant c => CreateTenant.Decide(tenant, c, actor, NewId(), NewId(), Clock),
            ChangeManagementMode c => ChangeManagementMode.Decide(tenant, c, actor, Clock),
            RestrictAncestorAccess c => RestrictAncestorAccess.Decide(tenant, c, actor, Clock),
            ConfigureTenantPolicy c => ConfigureTenantPolicy.Decide(tenant, c, actor, Clock),
            ConfigureBranding c => ConfigureBranding.Decide(tenant, c, actor, Clock),
            ConfigureAuthenticationPolicy c => ConfigureAuthenticationPolicy.Decide(tenant, c, actor),
            CreateFederationConnection c => CreateFederationConnection.Decide(tenant, c, actor, NewId()),
            CreateAuditStream c => CreateAuditStream.Decide(tenant, c, actor, NewId(), NewSecret),
            PauseAuditStream c => PauseAuditStream.Decide(tenant, c, actor),
            ResumeAuditStream c => ResumeAuditStream.Decide(tenant, c, actor),
            DeleteAuditStream c => DeleteAuditStream.Decide(tenant, c, actor),
            EditFederationConnection c => EditFederationConnection.Decide(tenant, c, actor),
            EnableFederationConnection c => EnableFederationConnection.Decide(tenant, c, actor),
            DisableFederationConnection c => DisableFederationConnection.Decide(tenant, c, actor),
            DeleteFederationConnection c => DeleteFederationConnection.Decide(tenant, c, actor),
            RegisterApplication c => RegisterApplication.Decide(tenant, c, actor, NewId(), NewId, NewSecret),
            EditApplication c => EditApplication.Decide(tenant, applications[c.ApplicationId], c, actor),
            EnableApplication c => EnableApplication.Decide(tenant, applications[c.ApplicationId], c, actor),
            DisableApplication c => DisableApplication.Decide(tenant, applications[c.ApplicationId], c, actor),
            DeleteApplication c => DeleteApplication.Decide(tenant, applications[c.ApplicationId], c, actor),
            RestoreApplication c => RestoreApplication.Decide(tenant, applications[c.ApplicationId], c, actor),
            RotateApplicationSecret c => RotateApplicationSecret.Decide(tenant, applications[c.ApplicationId], c, actor, NewId(), NewSecret, Clock),
            CreateWorkspace c => CreateWorkspace.Decide(tenant, c, actor, NewId(), Clock),
            DefineCustomRole c => DefineCustomRole.Decide(tenant, c, actor, NewId(), Clock),
            TransferOwnership c => TransferOwnership.Decide(tenant, accounts[c.FromAccountId], accounts[c.ToAccountId], c, actor, Clock),
            DeleteTenant c => DeleteTenant.Decide(tenant, tenants.Values.Count(t => t.ParentId == tenant.Id && t.IsLive), c, actor, Clock),
            DefineImpersonationTarget c => DefineImpersonationTarget.Decide(tenant, tenants[InfrastructureId], accounts[c.SuperuserAccountId], c, actor, Clock),
            BeginImpersonation c => BeginImpersonation.Decide(Chain(tenantId), accounts[actorAccountId], accounts[c.SuperuserAccountId], c, Clock),
            EndImpersonation c => EndImpersonation.Decide(tenant, c, actor, Clock),
            InviteAdmin c => InviteAdmin.Decide(tenant, FindByEmail(tenantId, c.Email), c, actor, NewId(), Clock),
            CreateUser c => CreateUser.Decide(tenant, FindByEmail(tenantId, c.Email), c, actor, NewId(), Clock),
            ImportUsers c => ImportUsers.Decide(tenant, TakenEmails(tenantId), c, actor, NewId),
            GrantFunctionPrivilege c => GrantFunctionPrivilege.Decide(Chain(tenantId), accounts[c.AccountId], c, actor, Clock),
            RevokeFunctionPrivilege c => RevokeFunctionPrivilege.Decide(Chain(tenantId), accounts[c.AccountId], c, actor, Clock),
            ResendInvitation c => ResendInvitation.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            AcceptInvitation c => AcceptInvitation.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            ChangeRole c => ChangeRole.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            PromoteToOwner c => PromoteToOwner.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            SetAdminInactive c => SetAdminInactive.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            ReactivateAccount c => ReactivateAccount.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            SetAccountDeleted c => SetAccountDeleted.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            RestoreAccount c => RestoreAccount.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            EraseAccount c => EraseAccount.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            ResetPassword c => ResetPassword.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            ForceMfaReset c => ForceMfaReset.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            AssignWorkspaceRole c => AssignWorkspaceRole.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            RemoveWorkspaceRole c => RemoveWorkspaceRole.Decide(tenant, accounts[c.AccountId], c, actor, Clock),
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
    }

    /// <summary>The tenant's accounts that hold an email (normalized), with their state; an erased account holds none.</summary>
    public IReadOnlyDictionary<string, AccountState> TakenEmails(Guid tenantId) =>
        accounts.Values.Where(a => a.TenantId == tenantId && a.State != AccountState.Erased && a.Email is not null)
            .ToDictionary(a => a.Email!.ToLowerInvariant(), a => a.State);

    private Account? FindByEmail(Guid tenantId, string email) =>
        accounts.Values.FirstOrDefault(a =>
            a.TenantId == tenantId && a.State != AccountState.Erased
            && string.Equals(a.Email, email?.Trim(), StringComparison.OrdinalIgnoreCase));
}
