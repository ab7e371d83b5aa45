using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

public class when_the_system_creates_the_installation
{
    private static readonly CreateInstallation Command = new("ACME Cloud", "Root@Acme.test", "Sue", "Peruser");

    [Fact]
    public void the_infrastructure_tenant_starts_with_its_superuser_as_owner_holding_the_seed_004_privileges()
    {
        var tenantId = Guid.NewGuid();
        var superuserId = Guid.NewGuid();
        var decision = CreateInstallation.Decide(false, Command, ActorContext.System(Guid.Empty), tenantId, superuserId, World.Now).ShouldBeAccepted();

        decision.Streams.ShouldBe([tenantId, superuserId]);
        decision.Events.Where(e => e.StartsStream).Select(e => e.StreamId).ShouldBe([tenantId, superuserId]);
        decision.Single<TenantCreated>(tenantId).ShouldBe(new TenantCreated(tenantId, null, TenantKind.Infrastructure, "ACME Cloud", null, superuserId));
        decision.Single<AdminCreated>(superuserId).ShouldBe(new AdminCreated(superuserId, tenantId, "root@acme.test", "Sue", "Peruser", RoleRef.Of(SystemRole.Owner)));
        decision.On(superuserId).OfType<FunctionPrivilegeGranted>().Select(g => g.Privilege)
            .ShouldBe(FunctionPrivileges.SuperuserDefaultsInInfrastructure);

        var tenant = Tenant.Fold(decision.On(tenantId));
        tenant.ActiveOwners.ShouldBe([superuserId]);
    }

    [Fact]
    public void it_is_rejected_for_anyone_but_the_system_actor()
    {
        var world = World.WithInstallation();
        CreateInstallation.Decide(false, Command, world.Actor(world.SuperuserId), Guid.NewGuid(), Guid.NewGuid(), World.Now)
            .ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.SystemActorOnly);
    }

    [Fact]
    public void it_is_rejected_when_the_installation_exists()
    {
        CreateInstallation.Decide(true, Command, ActorContext.System(Guid.Empty), Guid.NewGuid(), Guid.NewGuid(), World.Now)
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.InstallationExists);
    }

    [Fact]
    public void it_is_rejected_with_a_malformed_superuser_email()
    {
        CreateInstallation.Decide(false, Command with { SuperuserEmail = "root" }, ActorContext.System(Guid.Empty), Guid.NewGuid(), Guid.NewGuid(), World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.InvalidEmail);
    }
}
