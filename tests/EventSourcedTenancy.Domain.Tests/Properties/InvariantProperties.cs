using System.Collections.Concurrent;
using CsCheck;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Properties;

/// <summary>
/// Random sequences of every command of the domain (<see cref="CommandCatalog"/>) by random actors over a
/// small installation. After every step: (1) nothing was granted that the granter lacked, (2) every live
/// tenant has an active Owner and its owner set matches its accounts, (3) a rejected command wrote nothing.
/// </summary>
public class InvariantProperties
{
    /// <summary>One random step; the numbers pick the command, actor, target, role and tenant from the current state.</summary>
    public sealed record Step(int Kind, int Actor, int Target, int Pick, int Tenant, bool Impersonate);

    private static readonly Gen<Step> StepGen = Gen.Select(
        Gen.Int[0, CommandKinds - 1], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 9],
        (kind, actor, target, pick, tenant, impersonate) => new Step(kind, actor, target, pick, tenant, impersonate == 0));

    private static readonly Gen<Step[]> Sequences = StepGen.Array[1, 40];

    private const int CommandKinds = 50;

    /// <summary>Capabilities that are not administrative authority (see <see cref="NoEscalation"/>):
    /// where an operation happens (docs/seeds.md, seed 001 kind rules) and plain service access (the
    /// User role).</summary>
    private static readonly Capability[] NotAuthority = [Capability.DownloadSoftware, Capability.ConfigureBranding, Capability.ManageServices];

    private static readonly SystemRole[] TenantRoles =
        [SystemRole.Owner, SystemRole.Administrator, SystemRole.Manager, SystemRole.Operator, SystemRole.Auditor, SystemRole.Viewer, SystemRole.BusinessAdmin, SystemRole.User];

    private static World Installation()
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner, name: "Partner");
        world.NewAdmin(partner);
        world.NewAdmin(partner, SystemRole.Manager);
        var customer = world.NewTenant(TenantKind.Customer, partner, name: "Customer");
        world.NewAdmin(customer, SystemRole.Owner);
        foreach (var role in new[] { SystemRole.Administrator, SystemRole.Manager, SystemRole.Operator, SystemRole.Viewer, SystemRole.Auditor, SystemRole.BusinessAdmin })
        {
            world.NewAdmin(customer, role);
        }

        world.NewUser(customer);
        world.NewUser(customer);
        world.NewApplication(customer);
        world.NewApplication(partner, ApplicationKind.SinglePage);
        world.NewFederationConnection(world.InfrastructureId);
        world.NewFederationConnection(customer);
        world.NewAuditStream(world.InfrastructureId);
        var workspace = world.NewWorkspace(customer, "Retail");
        var member = world.NewAdmin(customer, SystemRole.User);
        world.GivenWorkspaceRole(member, workspace, SystemRole.WorkspaceAdmin);
        world.NewTenant(TenantKind.Unit, customer, name: "Unit");
        var selfManaged = world.NewTenant(TenantKind.Customer, mode: ManagementMode.SelfManaged, name: "Self");
        world.NewAdmin(selfManaged);
        var infraOperator = world.NewAdmin(world.InfrastructureId, SystemRole.Operator);
        world.GivenPrivilege(infraOperator, world.InfrastructureId, FunctionPrivilege.Impersonation);
        world.GivenPrivilege(world.SuperuserId, customer, FunctionPrivilege.UserAdministrator);
        world.GivenPrivilege(world.SuperuserId, customer, FunctionPrivilege.TechnicalConfigurationAdministrator);
        world.GivenTenantEvent(customer, new ImpersonationTargetDefined(customer, world.SuperuserId));
        return world;
    }

    private static T PickFrom<T>(IReadOnlyList<T> items, int n) => items[n % items.Count];

    private static Guid? PickInvited(World world, int n)
    {
        var invited = world.Accounts.Values.Where(a => a.State == AccountState.Invited).Select(a => a.Id).Order().ToList();
        return invited.Count == 0 || n % 3 == 0 ? null : PickFrom(invited, n);
    }

    // A restore needs a deleted account, rare among random targets: two steps in three pick one when there is one.
    private static Guid? PickDeleted(World world, int n)
    {
        var deleted = world.Accounts.Values.Where(a => a.State == AccountState.Deleted).Select(a => a.Id).Order().ToList();
        return deleted.Count == 0 || n % 3 == 0 ? null : PickFrom(deleted, n);
    }

    private static Guid? PickApplication(World world, int n)
    {
        var applications = world.Applications.Keys.Order().ToList();
        return applications.Count == 0 ? null : PickFrom(applications, n);
    }

    private static object Materialize(World world, Step step)
    {
        var accounts = world.Accounts.Keys.Order().ToList();
        var tenants = world.Tenants.Keys.Order().ToList();
        var target = world.Account(PickFrom(accounts, step.Target));
        var home = world.Tenant(target.TenantId);
        var tenant = world.Tenant(PickFrom(tenants, step.Tenant));
        var roles = TenantRoles.Select(RoleRef.Of).Concat(home.CustomRoles.Select(r => RoleRef.Custom(r.Id))).ToList();
        var role = PickFrom(roles, step.Pick);
        var workspaceRole = step.Pick % 2 == 0 ? SystemRole.WorkspaceAdmin : SystemRole.WorkspaceAuditor;
        Guid? workspace = home.Workspaces.Count == 0 ? null : PickFrom(home.Workspaces, step.Pick).Id;
        var email = $"person{step.Pick % 6}@random.test";
        var privilege = PickFrom(Enum.GetValues<FunctionPrivilege>(), step.Pick);
        var chainTenant = PickFrom(world.Chain(target.TenantId), step.Tenant).Id;
        var owners = home.ActiveOwners.Count == 0 ? [target.Id] : home.ActiveOwners;

        // A command on an application registers one first when there is none yet.
        var register = new RegisterApplication(tenant.Id, $"App {step.Pick % 4}", PickFrom(Enum.GetValues<ApplicationKind>(), step.Pick), null, null);
        var connect = new CreateFederationConnection(tenant.Id, $"IdP {step.Pick % 3}", FederationProtocol.OpenIdConnect, World.OidcSettings, step.Pick % 2 == 0 ? "s3cret" : null);
        var stream = new CreateAuditStream(tenant.Id, $"SIEM {step.Pick % 3}", "https://siem.test/audit", null);
        return step.Kind switch
        {
            0 => new InviteAdmin(tenant.Id, email, "Pat", "Random", step.Pick % 5 == 0 ? null : role, null, null),
            1 => new InviteAdmin(home.Id, email, "Wes", "Space", null, workspace ?? Guid.Empty, workspaceRole),
            2 => new CreateUser(tenant.Id, email, "Uri", "User"),
            3 => new ChangeRole(target.Id, role),
            4 => new PromoteToOwner(target.Id),
            5 => new TransferOwnership(home.Id, PickFrom(owners, step.Pick), target.Id),
            6 => new SetAdminInactive(target.Id, null),
            7 => new ReactivateAccount(target.Id),
            8 => new SetAccountDeleted(target.Id, null),
            9 => new RestoreAccount(PickDeleted(world, step.Target) ?? target.Id),
            10 => new EraseAccount(target.Id, null),
            11 => new ResetPassword(target.Id),
            12 => new AcceptInvitation(PickInvited(world, step.Target) ?? target.Id),
            13 => new AssignWorkspaceRole(target.Id, workspace ?? Guid.Empty, workspaceRole),
            14 => new RemoveWorkspaceRole(target.Id, workspace ?? Guid.Empty),
            15 => new GrantFunctionPrivilege(target.Id, chainTenant, privilege),
            16 => new RevokeFunctionPrivilege(target.Id, chainTenant, privilege),
            17 => new DefineCustomRole(tenant.Id, $"Role {step.Pick % 4}", [.. Enum.GetValues<Capability>().Where((_, i) => (step.Pick >> (i % 10) & 1) == 1 && i % 7 == step.Tenant % 7)]),
            18 => new CreateTenant(tenant.Id, PickFrom(TenantHierarchy.AllowedChildren[tenant.Kind], step.Pick), $"Child {step.Pick}", null, email, "Cy", "Owner"),
            19 => new ChangeManagementMode(tenant.Id, step.Pick % 2 == 0 ? ManagementMode.SelfManaged : ManagementMode.ManagedByServiceProvider),
            20 => new RestrictAncestorAccess(tenant.Id, step.Pick % 2 == 0, null),
            21 => new CreateWorkspace(tenant.Id, $"Space {step.Pick % 3}"),
            22 => new DeleteTenant(tenant.Id, tenant.Name, null),
            23 => new ConfigureTenantPolicy(tenant.Id, null, null, MfaEnforcement.RequiredForEveryone, null),
            24 => new ForceMfaReset(target.Id),
            25 => new ResendInvitation(target.Id),
            26 => new ChangeRole(target.Id, RoleRef.Of(SystemRole.Owner)),
            27 => new ConfigureBranding(tenant.Id, $"Brand {step.Pick % 3}", step.Pick % 2 == 0 ? null : "https://brand.test/logo.png", "#1A2B3C"),
            28 => new DefineImpersonationTarget(tenant.Id, step.Pick % 4 == 0 ? target.Id : world.SuperuserId),
            29 => new BeginImpersonation(tenant.Id, step.Pick % 4 == 0 ? target.Id : world.SuperuserId),
            30 => new CreateInstallation($"Installation {step.Pick}", email, "Ian", "Stall"),
            31 => new EndImpersonation(tenant.Id, world.SuperuserId),
            32 => new ImportUsers(tenant.Id, [new(email, "Iris", "Import"), new($"other{step.Pick % 3}@random.test", "Ivo", "Import")]),
            33 => new ConfigureAuthenticationPolicy(tenant.Id, step.Pick % 2 == 0 ? [SignInMethod.Passkey] : null, null, step.Pick % 3 == 0 ? MfaEnforcement.RequiredForEveryone : null),
            34 => register,
            35 => PickApplication(world, step.Target) is { } app ? new EditApplication(app, $"App {step.Pick % 4}", []) : register,
            36 => PickApplication(world, step.Target) is { } app ? new DisableApplication(app, null) : register,
            37 => PickApplication(world, step.Target) is { } app ? new EnableApplication(app) : register,
            38 => PickApplication(world, step.Target) is { } app ? new DeleteApplication(app, "unused") : register,
            39 => PickApplication(world, step.Target) is { } app ? new RestoreApplication(app) : register,
            40 => PickApplication(world, step.Target) is { } app ? new RotateApplicationSecret(app, "rotation", step.Pick % 48, null) : register,
            41 => connect,
            42 => tenant.FederationConnections.Count > 0 ? new EditFederationConnection(tenant.Id, PickFrom(tenant.FederationConnections, step.Pick).Id, $"IdP {step.Pick % 3}", World.OidcSettings, step.Pick % 2 == 0 ? "n3w" : null, step.Pick % 3 == 0 ? true : null) : connect,
            43 => tenant.FederationConnections.Count > 0 ? new EnableFederationConnection(tenant.Id, PickFrom(tenant.FederationConnections, step.Pick).Id) : connect,
            44 => tenant.FederationConnections.Count > 0 ? new DisableFederationConnection(tenant.Id, PickFrom(tenant.FederationConnections, step.Pick).Id) : connect,
            45 => tenant.FederationConnections.Count > 0 ? new DeleteFederationConnection(tenant.Id, PickFrom(tenant.FederationConnections, step.Pick).Id, null) : connect,
            46 => stream,
            47 => tenant.AuditStreams.Count > 0 ? new PauseAuditStream(tenant.Id, PickFrom(tenant.AuditStreams, step.Pick).Id) : stream,
            48 => tenant.AuditStreams.Count > 0 ? new ResumeAuditStream(tenant.Id, PickFrom(tenant.AuditStreams, step.Pick).Id) : stream,
            49 => tenant.AuditStreams.Count > 0 ? new DeleteAuditStream(tenant.Id, PickFrom(tenant.AuditStreams, step.Pick).Id, null) : stream,
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "No command kind with this number."),
        };
    }

    /// <summary>Runs a sequence, checking the three invariants after every step.</summary>
    private static void Run(Step[] steps, ConcurrentDictionary<string, int> seen)
    {
        var world = Installation();
        foreach (var step in steps)
        {
            var command = Materialize(world, step);
            var accounts = world.Accounts.Keys.Order().ToList();
            // An invitation is accepted by the invited person: let that actor come up as often as any other.
            var actorId = command is AcceptInvitation accept && step.Actor % 2 == 0 ? accept.AccountId : PickFrom(accounts, step.Actor);
            var tenantId = world.TenantOf(command);
            var actor = world.Actor(actorId, tenantId);
            if (step.Impersonate)
            {
                actor = ActorResolver.ResolveImpersonation(world.Account(actorId), world.Account(world.SuperuserId), world.Chain(tenantId)).Context ?? actor;
            }

            var tenantsBefore = world.Tenants.ToDictionary();
            var accountsBefore = world.Accounts.ToDictionary();
            var decision = world.Decide(actor, command);

            if (!decision.IsAccepted)
            {
                // (3) A rejected command produces no events (and deciding changed nothing).
                decision.Events.ShouldBeEmpty();
                world.Tenants.ShouldBe(tenantsBefore);
                world.Accounts.ShouldBe(accountsBefore);
                seen.AddOrUpdate("rejected", 1, (_, n) => n + 1);
                continue;
            }

            // (1) No escalation: judged against the state the decision was made on.
            NothingGrantedBeyondTheGranter(world, actor, command, decision);
            world.Apply(decision);
            foreach (var pending in decision.Events)
            {
                seen.AddOrUpdate(pending.Event.GetType().Name, 1, (_, n) => n + 1);
            }

            // (2) At least one active Owner per live tenant, and the tenant's owner set is its active Owner accounts.
            EveryLiveTenantHasItsOwners(world);
        }
    }

    private static void NothingGrantedBeyondTheGranter(World world, ActorContext actor, object command, Decision decision)
    {
        IEnumerable<Capability> Authority(IEnumerable<Capability> capabilities) => capabilities.Except(NotAuthority);
        void Within(IEnumerable<Capability> granted, IReadOnlySet<Capability> held, object what) =>
            Authority(granted).Where(c => !held.Contains(c)).ShouldBeEmpty($"{command} granted {what} beyond what {actor.AccountId} held");

        foreach (var pending in decision.Events)
        {
            switch (pending.Event)
            {
                case AdminInvited e:
                    Within(RoleCapabilities(world, e.TenantId, e.Role), actor.Capabilities, e);
                    if (e.Role.IsOwner)
                    {
                        actor.Has(Capability.ManageOwners).ShouldBeTrue($"only an Owner makes an Owner: {command}");
                    }

                    if (e is { WorkspaceId: { } ws, WorkspaceRole: { } wsRole })
                    {
                        Within(SystemRoles.Of(wsRole).Capabilities, actor.CapabilitiesIn(ws), e);
                    }

                    break;
                case RoleChanged e:
                    Within(RoleCapabilities(world, world.Account(e.AccountId).TenantId, e.To), actor.Capabilities, e);
                    break;
                case PromotedToOwner e:
                    actor.Has(Capability.ManageOwners).ShouldBeTrue($"only an Owner makes an Owner: {command} / {e}");
                    break;
                case WorkspaceRoleAssigned e:
                    Within(SystemRoles.Of(e.Role).Capabilities, actor.CapabilitiesIn(e.WorkspaceId), e);
                    break;
                case FunctionPrivilegeGranted e:
                    actor.TenantId.ShouldBe(e.TenantId);
                    Within(FunctionPrivileges.CapabilitiesOf(e.Privilege), actor.Capabilities, e);
                    break;
                case CustomRoleDefined e:
                    Within(e.Capabilities, actor.Capabilities, e);
                    break;
                case UserCreated:
                    actor.Has(Capability.CreateAccounts).ShouldBeTrue();
                    break;
                case ImpersonationBegan e:
                    // Seed 004: only someone the conditions let act as the superuser there.
                    ActorResolver.ResolveImpersonation(world.Account(e.ActorAccountId), world.Account(e.ActingAsAccountId), world.Chain(e.TenantId))
                        .Rejection.ShouldBeNull($"{command} began an impersonation its conditions refuse");
                    break;
                case ImpersonationTargetDefined:
                    actor.Has(Capability.DefineImpersonationTargets).ShouldBeTrue($"{command} by an actor without DefineImpersonationTargets");
                    break;
                case BrandingConfigured e:
                    actor.Has(Capability.ConfigureBranding).ShouldBeTrue($"{command} by an actor without ConfigureBranding");
                    world.Tenant(e.TenantId).Kind.ShouldBeOneOf(TenantKind.Partner, TenantKind.Folder);
                    break;
                case AdminCreated e:
                    // The documented exception: a new tenant's first Owner, appointed by CreateTenant.
                    command.ShouldBeOfType<CreateTenant>();
                    decision.Events.Select(p => p.Event).OfType<TenantCreated>().ShouldHaveSingleItem().FirstOwnerAccountId.ShouldBe(e.AccountId);
                    break;
            }
        }
    }

    private static IReadOnlySet<Capability> RoleCapabilities(World world, Guid tenantId, RoleRef role) =>
        EventSourcedTenancy.Authorization.TenantRoles.CapabilitiesOf(role, world.Tenant(tenantId)) ?? throw new InvalidOperationException($"Unknown role {role}.");

    private static void EveryLiveTenantHasItsOwners(World world)
    {
        foreach (var tenant in world.Tenants.Values.Where(t => t.IsLive))
        {
            tenant.ActiveOwners.ShouldNotBeEmpty($"live tenant '{tenant.Name}' has no active Owner");
            var ownerAccounts = world.Accounts.Values.Where(a => a.TenantId == tenant.Id && a.IsActiveOwner).Select(a => a.Id);
            tenant.ActiveOwners.ShouldBe(ownerAccounts, ignoreOrder: true, $"the owner set of '{tenant.Name}' drifted from its accounts");
        }
    }

    // Slow (thousands of sequences): left out of the mutation run, where it would run for every mutant (docs/mutation.md).
    [Fact]
    [Trait("Speed", "Slow")]
    public void no_sequence_escalates_leaves_a_live_tenant_without_an_owner_or_writes_on_rejection()
    {
        var seen = new ConcurrentDictionary<string, int>();
        Sequences.Sample(steps => Run(steps, seen), iter: 6000);

        // The sequences must actually exercise the rules, not just bounce off them.
        foreach (var kind in new[]
        {
            "rejected", nameof(AdminInvited), nameof(InvitationAccepted), nameof(RoleChanged), nameof(PromotedToOwner), nameof(OwnerAdded),
            nameof(OwnerWithdrawn), nameof(OwnershipTransferred), nameof(AccountSetInactive), nameof(AccountSetDeleted), nameof(AccountRestored),
            nameof(AccountErased), nameof(WorkspaceRoleAssigned), nameof(FunctionPrivilegeGranted), nameof(CustomRoleDefined), nameof(TenantCreated),
            nameof(TenantDeleted), nameof(BrandingConfigured), nameof(ImpersonationTargetDefined), nameof(ImpersonationBegan),
        })
        {
            seen.GetValueOrDefault(kind).ShouldBeGreaterThan(0, $"no sequence produced {kind}; seen: {string.Join(", ", seen.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}");
        }
    }

    [Fact]
    public void the_generator_draws_every_command_of_the_domain()
    {
        var world = Installation();
        var drawn = Enumerable.Range(0, CommandKinds)
            .Select(kind => Materialize(world, new Step(kind, 0, 0, 0, 0, false)).GetType())
            .ToHashSet();

        CommandCatalog.CommandTypes.Count.ShouldBeGreaterThanOrEqualTo(29, "the catalog finds the domain's commands");
        CommandCatalog.CommandTypes.Except(drawn).Select(t => t.Name).ShouldBeEmpty("commands of the domain that the random sequences never draw; add them to Materialize");
        drawn.Except(CommandCatalog.CommandTypes).Select(t => t.Name).ShouldBeEmpty("drawn types that are not commands of the domain");
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void the_last_owner_survives_any_sequence_of_owner_removals()
    {
        // A focused variant: only commands that can remove an Owner, by the tenant's own Owners.
        var removals = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 100], Gen.Int[0, 100], (kind, pick, target) => (kind, pick, target)).Array[1, 30];
        removals.Sample(steps =>
        {
            var world = World.WithInstallation();
            var customer = world.NewTenant(TenantKind.Customer, name: "Customer");
            world.NewAdmin(customer, SystemRole.Owner);
            world.NewAdmin(customer, SystemRole.Owner);
            world.NewAdmin(customer);
            foreach (var (kind, pick, target) in steps)
            {
                var tenant = world.Tenant(customer);
                var members = world.Accounts.Values.Where(a => a.TenantId == customer).Select(a => a.Id).Order().ToList();
                var actor = PickFrom(members, pick);
                var victim = PickFrom(members, target);
                object command = kind switch
                {
                    0 => new SetAdminInactive(victim, null),
                    1 => new SetAccountDeleted(victim, null),
                    2 => new EraseAccount(victim, null),
                    3 => new ChangeRole(victim, RoleRef.Of(SystemRole.Viewer)),
                    _ => new TransferOwnership(customer, PickFrom(tenant.ActiveOwners, pick), victim),
                };
                var decision = world.Execute(actor, command);
                if (!decision.IsAccepted)
                {
                    decision.Events.ShouldBeEmpty();
                }

                EveryLiveTenantHasItsOwners(world);
            }
        }, iter: 500);
    }
}
