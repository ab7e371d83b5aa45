using System.Collections.Concurrent;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;
using Xunit.Abstractions;

namespace EventSourcedTenancy.Domain.Tests.Authorization;

/// <summary>
/// No escalation (docs/domain.md, "No escalation"), enumerated rather than sampled: every way of handing
/// out a custom role (defining it, changing an account's role to it, inviting with it) is decided by the
/// real deciders for each granted set against each granter, and is accepted exactly when the granted
/// set's authority lies within what the granter holds in the tenant; otherwise it is refused as an
/// escalation, unless the granter lacks the command's own capability, which is refused first.
/// <para>
/// The granted sets. A custom role may hold any capability but the owner-only ones and the privilege-only
/// one (<see cref="CustomRoleDefinition"/>): 54 of the catalog's 62, so 2^54 subsets, far more than 2^16.
/// So the enumeration takes every subset of one, two or three of them (26,289), and every set formed by
/// removing none, one or two capabilities from a system role's set (as far as a custom role may hold it),
/// deduplicated and non-empty.
/// </para>
/// <para>
/// The granters. Every system role resolved in its own tenant: Owner, Administrator, BusinessAdmin,
/// Manager, Operator, Auditor, Viewer, and WorkspaceAdmin and WorkspaceAuditor held in a workspace by an
/// account whose tenant role is User (they invite, but never with a tenant role). And 200 custom roles
/// drawn at random with a fixed seed, each eligible capability held with probability one half, each also
/// holding the three commands' capabilities and ManageAdministratorAccounts so every one of their cases
/// reaches the escalation check.
/// </para>
/// <para>
/// What is compared. Authority is every capability but seed 001's kind-scoped operations
/// (DownloadSoftware, ConfigureBranding) and service access (ManageServices): those say where an
/// operation happens or what a User uses, not who holds authority ("What counts as authority"). The change
/// of role goes to an administrator account whose tenant role is User, which every granter holding
/// ChangeMemberRoles and ManageAdministratorAccounts reaches, so reach never decides; the invitation goes
/// to an email no one holds.
/// </para>
/// </summary>
public class NoEscalationEnumeration(ITestOutputHelper output)
{
    private const int RandomGranters = 200;
    private const int Seed = 20260115;

    /// <summary>What the enumeration must at least check; it checks 18 million and more.</summary>
    private const long Floor = 15_000_000;

    private static readonly Capability[] Catalog = Enum.GetValues<Capability>();

    /// <summary>The capabilities that are not authority, spelled out here and checked against the rules.</summary>
    private static readonly ulong NotAuthority = Mask(Capability.DownloadSoftware, Capability.ConfigureBranding, Capability.ManageServices);

    private static readonly ulong Eligible = Mask(CapabilitySet.Except(
        CapabilitySet.All, OwnerOnly.Capabilities.Concat(FunctionPrivileges.PrivilegeOnlyCapabilities)));

    private enum Grant
    {
        DefineCustomRole,
        ChangeRole,
        InviteAdmin,
    }

    private sealed record Granter(string Name, Guid Tenant, ActorContext Actor, Account Target)
    {
        public ulong Holds { get; } = Mask(Actor.Capabilities);

        public ulong HoldsInSomeWorkspace { get; } = Actor.WorkspaceCapabilities.Values.Aggregate(0UL, (all, held) => all | Mask(held));
    }

    [Fact]
    public void the_sets_compared_are_the_ones_the_rules_leave_out_and_a_custom_role_may_hold()
    {
        Catalog.Length.ShouldBeLessThanOrEqualTo(64, "a set is a 64-bit mask");
        Catalog.Select(c => (int)c).ShouldBe(Enumerable.Range(0, Catalog.Length), "capabilities are numbered 0, 1, 2, ...");
        (NotAuthority == Mask(TenantKindOperations.KindScoped.Concat(NoEscalation.ServiceAccess))).ShouldBeTrue("not authority: the kind-scoped operations and service access");
        ((int)ulong.PopCount(Eligible)).ShouldBe(54);
        foreach (var capability in Catalog)
        {
            NoEscalation.Comparable([capability]).Any().ShouldBe((NotAuthority & Bit(capability)) == 0, capability.ToString());
        }
    }

    /// <summary>About 30 s on two cores: left out of mutation runs like the other slow properties (docs/mutation.md).</summary>
    [Fact]
    [Trait("Speed", "Slow")]
    public void every_custom_role_is_granted_exactly_when_the_granter_holds_its_authority()
    {
        var world = World.WithInstallation();
        var granters = BuiltInGranters(world).Concat(RandomCustomGranters(world)).ToList();
        var sets = GrantedSets();
        var checkedCases = 0L;
        var reachingEscalation = 0L;
        var accepted = 0L;
        var escalations = 0L;
        var failures = new ConcurrentQueue<string>();

        Parallel.ForEach(granters, granter =>
        {
            var tenant = world.Tenant(granter.Tenant);
            var roleId = Guid.NewGuid();
            var invitee = Guid.NewGuid();
            long cases = 0, reaching = 0, yes = 0, refusedAsEscalation = 0;
            foreach (var set in sets)
            {
                var capabilities = Capabilities(set);
                var withRole = Tenant.Fold(tenant, new CustomRoleDefined(tenant.Id, roleId, "Granted", capabilities));
                var within = (set & ~NotAuthority & ~granter.Holds) == 0;
                foreach (var grant in Enum.GetValues<Grant>())
                {
                    var decision = grant switch
                    {
                        Grant.DefineCustomRole => DefineCustomRole.Decide(
                            tenant, new DefineCustomRole(tenant.Id, "Granted", capabilities), granter.Actor, roleId, World.Now),
                        Grant.ChangeRole => ChangeRole.Decide(
                            withRole, granter.Target, new ChangeRole(granter.Target.Id, RoleRef.Custom(roleId)), granter.Actor, World.Now),
                        _ => InviteAdmin.Decide(
                            withRole, null, new InviteAdmin(tenant.Id, "granted@test.test", "Gran", "Ted", RoleRef.Custom(roleId), null, null), granter.Actor, invitee, World.Now),
                    };
                    var (expected, reachesEscalation) = Expected(grant, granter, within);
                    cases++;
                    reaching += reachesEscalation ? 1 : 0;
                    yes += decision.IsAccepted ? 1 : 0;
                    refusedAsEscalation += decision.Rejection?.Code == RejectionCodes.Escalation ? 1 : 0;
                    var actual = decision.IsAccepted ? "accepted" : decision.Rejection!.Code;
                    if (actual != expected || (decision.IsAccepted && !GrantsExactly(decision, set, roleId)))
                    {
                        failures.Enqueue($"{granter.Name} {grant} [{string.Join(", ", capabilities)}]: expected {expected}, got {decision.Rejection?.ToString() ?? "accepted"}");
                    }
                }
            }

            Interlocked.Add(ref checkedCases, cases);
            Interlocked.Add(ref reachingEscalation, reaching);
            Interlocked.Add(ref accepted, yes);
            Interlocked.Add(ref escalations, refusedAsEscalation);
        });

        output.WriteLine(
            $"No escalation: {checkedCases:N0} cases checked ({sets.Count:N0} granted sets x {granters.Count} granters x 3 commands); " +
            $"{reachingEscalation:N0} reached the escalation check, {accepted:N0} accepted, {escalations:N0} refused as escalations.");
        failures.Take(20).ShouldBeEmpty($"{failures.Count} of {checkedCases:N0} cases decided otherwise");
        (checkedCases == (long)sets.Count * granters.Count * 3).ShouldBeTrue("every set against every granter, three ways");
        checkedCases.ShouldBeGreaterThan(Floor);
        reachingEscalation.ShouldBeGreaterThan(Floor * 2 / 3, "most cases must get as far as the escalation check");
        accepted.ShouldBeGreaterThan(1_000_000);
        escalations.ShouldBeGreaterThan(1_000_000);
    }

    /// <summary>The decider's answer, and whether the case got as far as the escalation check.</summary>
    private static (string Expected, bool ReachesEscalation) Expected(Grant grant, Granter granter, bool within)
    {
        bool Holds(Capability c) => (granter.Holds & Bit(c)) != 0;
        var verdict = within ? "accepted" : RejectionCodes.Escalation;
        return grant switch
        {
            Grant.DefineCustomRole => Holds(Capability.DefineCustomRoles) ? (verdict, true) : (RejectionCodes.MissingCapability, false),
            Grant.ChangeRole => !Holds(Capability.ChangeMemberRoles) ? (RejectionCodes.MissingCapability, false)
                : !Holds(Capability.ManageAdministratorAccounts) ? (RejectionCodes.AdministratorAccount, false)
                : (verdict, true),
            // Inviting needs InviteMembers somewhere in the tenant before the role is looked up, then the role
            // is judged, then InviteMembers in the tenant itself (a workspace's is for Members only).
            _ => ((granter.Holds | granter.HoldsInSomeWorkspace) & Bit(Capability.InviteMembers)) == 0 ? (RejectionCodes.MissingCapability, false)
                : !within ? (RejectionCodes.Escalation, true)
                : Holds(Capability.InviteMembers) ? ("accepted", true)
                : (RejectionCodes.MissingCapability, true),
        };
    }

    /// <summary>An accepted grant hands out the set asked for, no more and no less.</summary>
    private static bool GrantsExactly(Decision decision, ulong set, Guid roleId) => decision.Events.Single().Event switch
    {
        CustomRoleDefined defined => Mask(defined.Capabilities) == set && defined.RoleId == roleId,
        RoleChanged changed => changed.To == RoleRef.Custom(roleId),
        AdminInvited invited => invited.Role == RoleRef.Custom(roleId),
        _ => false,
    };

    private static IEnumerable<Granter> BuiltInGranters(World world)
    {
        foreach (var role in new[] { SystemRole.Owner, SystemRole.Administrator, SystemRole.BusinessAdmin, SystemRole.Manager, SystemRole.Operator, SystemRole.Auditor, SystemRole.Viewer })
        {
            var tenant = world.NewTenant(TenantKind.Customer, name: $"{role}'s tenant");
            var granter = role == SystemRole.Owner ? world.OwnerOf(tenant) : world.NewAdmin(tenant, role);
            yield return new Granter(role.ToString(), tenant, world.Actor(granter), world.Account(world.NewAdmin(tenant, SystemRole.User)));
        }

        foreach (var role in new[] { SystemRole.WorkspaceAdmin, SystemRole.WorkspaceAuditor })
        {
            var tenant = world.NewTenant(TenantKind.Customer, name: $"{role}'s tenant");
            var granter = world.NewAdmin(tenant, SystemRole.User);
            world.GivenWorkspaceRole(granter, world.NewWorkspace(tenant), role);
            yield return new Granter(role.ToString(), tenant, world.Actor(granter), world.Account(world.NewAdmin(tenant, SystemRole.User)));
        }
    }

    private static IEnumerable<Granter> RandomCustomGranters(World world)
    {
        var random = new Random(Seed);
        var always = Mask(Capability.DefineCustomRoles, Capability.ChangeMemberRoles, Capability.InviteMembers, Capability.ManageAdministratorAccounts);
        for (var i = 0; i < RandomGranters; i++)
        {
            var held = always | Capabilities(Eligible).Aggregate(0UL, (mask, c) => random.Next(2) == 0 ? mask : mask | Bit(c));
            var tenant = world.NewTenant(TenantKind.Customer, name: $"Tenant {i}");
            var role = world.NewId();
            world.GivenTenantEvent(tenant, new CustomRoleDefined(tenant, role, $"Granter {i}", Capabilities(held)));
            var granter = world.NewAdmin(tenant, RoleRef.Custom(role));
            yield return new Granter($"custom granter {i}", tenant, world.Actor(granter), world.Account(world.NewAdmin(tenant, SystemRole.User)));
        }
    }

    /// <summary>Every set of one to three eligible capabilities, and every system role's set less none, one or two.</summary>
    private static List<ulong> GrantedSets()
    {
        var eligible = Capabilities(Eligible);
        var sets = new HashSet<ulong>();
        for (var a = 0; a < eligible.Length; a++)
        {
            sets.Add(Bit(eligible[a]));
            for (var b = a + 1; b < eligible.Length; b++)
            {
                sets.Add(Bit(eligible[a]) | Bit(eligible[b]));
                for (var c = b + 1; c < eligible.Length; c++)
                {
                    sets.Add(Bit(eligible[a]) | Bit(eligible[b]) | Bit(eligible[c]));
                }
            }
        }

        foreach (var role in SystemRoles.All)
        {
            var full = Mask(role.Capabilities) & Eligible;
            var members = Capabilities(full);
            sets.Add(full);
            for (var a = 0; a < members.Length; a++)
            {
                sets.Add(full & ~Bit(members[a]));
                for (var b = a + 1; b < members.Length; b++)
                {
                    sets.Add(full & ~Bit(members[a]) & ~Bit(members[b]));
                }
            }
        }

        sets.Remove(0);
        return [.. sets.Order()];
    }

    private static ulong Bit(Capability capability) => 1UL << (int)capability;

    private static ulong Mask(params IEnumerable<Capability> capabilities) => capabilities.Aggregate(0UL, (mask, c) => mask | Bit(c));

    private static Capability[] Capabilities(ulong mask) => [.. Catalog.Where(c => (mask & Bit(c)) != 0)];
}
