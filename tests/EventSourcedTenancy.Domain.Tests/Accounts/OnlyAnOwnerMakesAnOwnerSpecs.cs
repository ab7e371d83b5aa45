using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Accounts;

/// <summary>
/// "Only an Owner makes an Owner" (docs/domain.md, rule "No escalation"; seed 000 "they cannot assign or
/// promote Tenant Owner"): every way to an Owner, by everyone who is not an Owner of the tenant, is refused
/// with <see cref="RejectionCodes.OnlyOwnerMakesOwner"/> and writes nothing; an Owner of the tenant may.
/// </summary>
public class when_someone_who_is_not_an_owner_of_the_tenant_makes_an_owner
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var actor in new[]
                 {
                     "an Administrator", "a Manager", "a BusinessAdmin", "an Operator", "an Auditor", "a Viewer",
                     "a custom role holding every capability a custom role may", "an Owner of the parent tenant",
                 })
        {
            foreach (var way in new[] { "promotes an administrator", "changes an administrator's role to Owner", "invites an Owner" })
            {
                data.Add(actor, way);
            }
        }

        return data;
    }

    private static Guid ActorFor(World world, Guid partner, Guid customer, string actor) => actor switch
    {
        "an Administrator" => world.NewAdmin(customer, SystemRole.Administrator),
        "a Manager" => world.NewAdmin(customer, SystemRole.Manager),
        "a BusinessAdmin" => world.NewAdmin(customer, SystemRole.BusinessAdmin),
        "an Operator" => world.NewAdmin(customer, SystemRole.Operator),
        "an Auditor" => world.NewAdmin(customer, SystemRole.Auditor),
        "a Viewer" => world.NewAdmin(customer, SystemRole.Viewer),
        "a custom role holding every capability a custom role may" => world.NewAdmin(customer, RoleRef.Custom(EverythingAllowedRole(world, customer))),
        "an Owner of the parent tenant" => world.OwnerOf(partner),
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, "Unknown actor."),
    };

    private static Guid EverythingAllowedRole(World world, Guid customer)
    {
        var capabilities = CapabilitySet.Except(
            CapabilitySet.All, OwnerOnly.Capabilities.Concat(FunctionPrivileges.PrivilegeOnlyCapabilities));
        var defined = world.Execute(world.OwnerOf(customer), new DefineCustomRole(customer, "Almost owner", [.. capabilities])).ShouldBeAccepted();
        return defined.Single<CustomRoleDefined>(customer).RoleId;
    }

    private static object Command(string way, Guid customer, Guid administrator) => way switch
    {
        "promotes an administrator" => new PromoteToOwner(administrator),
        "changes an administrator's role to Owner" => new ChangeRole(administrator, RoleRef.Of(SystemRole.Owner)),
        "invites an Owner" => new InviteAdmin(customer, "new.owner@acme.test", "New", "Owner", RoleRef.Of(SystemRole.Owner), null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(way), way, "Unknown way to an Owner."),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void it_is_rejected_as_only_an_owner_makes_an_owner_and_nothing_is_written(string actor, string way)
    {
        var world = World.WithInstallation();
        var partner = world.NewTenant(TenantKind.Partner, name: "Partner");
        var customer = world.NewTenant(TenantKind.Customer, partner, name: "Acme");
        var administrator = world.NewAdmin(customer, SystemRole.Operator);
        var actorId = ActorFor(world, partner, customer, actor);
        world.Actor(actorId, customer).Has(Capability.ManageOwners).ShouldBeFalse($"{actor} must not hold ManageOwners in the tenant");
        var ownersBefore = world.Tenant(customer).ActiveOwners.ToList();

        var rejection = world.Execute(actorId, Command(way, customer, administrator))
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OnlyOwnerMakesOwner);

        rejection.Message.ShouldBe("Only an Owner can make an Owner; escalate to an Owner.");
        world.Tenant(customer).ActiveOwners.ShouldBe(ownersBefore);
        world.Account(administrator).Role.ShouldBe(RoleRef.Of(SystemRole.Operator));
    }
}

public class when_an_owner_of_the_tenant_makes_an_owner
{
    [Theory]
    [InlineData("promotes an administrator")]
    [InlineData("changes an administrator's role to Owner")]
    public void the_administrator_becomes_an_owner_and_joins_the_owner_set(string way)
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");
        var owner = world.OwnerOf(customer);
        var administrator = world.NewAdmin(customer, SystemRole.Operator);
        object command = way == "promotes an administrator" ? new PromoteToOwner(administrator) : new ChangeRole(administrator, RoleRef.Of(SystemRole.Owner));

        var decision = world.Execute(owner, command).ShouldBeAccepted();

        decision.Single<PromotedToOwner>(administrator).ShouldBe(new PromotedToOwner(administrator, RoleRef.Of(SystemRole.Operator)));
        decision.Single<OwnerAdded>(customer).ShouldBe(new OwnerAdded(customer, administrator));
        world.Tenant(customer).ActiveOwners.ShouldBe([owner, administrator], ignoreOrder: true);
    }

    [Fact]
    public void an_invitation_as_owner_is_written_with_the_owner_role()
    {
        var world = World.WithInstallation();
        var customer = world.NewTenant(TenantKind.Customer, name: "Acme");

        var decision = world.Decide(world.OwnerOf(customer), new InviteAdmin(customer, "new.owner@acme.test", "New", "Owner", RoleRef.Of(SystemRole.Owner), null, null))
            .ShouldBeAccepted();

        decision.Events.Select(e => e.Event).OfType<AdminInvited>().ShouldHaveSingleItem().Role.ShouldBe(RoleRef.Of(SystemRole.Owner));
    }
}
