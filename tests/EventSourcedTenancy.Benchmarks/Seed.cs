using Wolverine;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>An installation to measure against, built through the real command pipeline.</summary>
public static class Seed
{
    public static async Task<(Guid Tenant, Guid Owner, List<Guid> Users)> InstallationAsync(IMessageBus bus, int userCount)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var system = new CommandMetadata(null, null, "bench", CommandSource.CommandLine, null, null, null, null, null);
        var install = new CreateInstallation("Infrastructure", "root@bench.test", "Root", "Bench");
        var installed = EnsureAccepted(await bus.InvokeAsync<CommandOutcome>(install, system.ToDelivery()));
        var superuser = installed.StreamVersions.Keys.Single(id => id != CreateInstallation.InfrastructureTenantId);

        var asSuperuser = system with { ActorAccountId = superuser };
        var create = new CreateTenant(CreateInstallation.InfrastructureTenantId, TenantKind.Customer, "Bench customer", ManagementMode.ManagedByServiceProvider, "owner@bench.test", "Olive", "Owner");
        var created = EnsureAccepted(await bus.InvokeAsync<CommandOutcome>(create, asSuperuser.ToDelivery()));
        var tenant = created.StreamVersions.Keys.First();
        var owner = created.StreamVersions.Keys.Last();

        var asOwner = system with { ActorAccountId = owner };
        var users = new List<Guid>();
        for (var i = 0; i < userCount; i++)
        {
            var user = new CreateUser(tenant, $"user{i}@bench.test", "Bench", $"User{i}");
            users.Add(EnsureAccepted(await bus.InvokeAsync<CommandOutcome>(user, asOwner.ToDelivery())).StreamId!.Value);
        }

        return (tenant, owner, users);
    }

    public static CommandOutcome EnsureAccepted(CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Accepted ? outcome : throw new InvalidOperationException($"A benchmark command was refused: {outcome.Code}: {outcome.Message}");
    }
}
