using System.Globalization;
using System.Text;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tenants;
using JasperFx.CommandLine;

namespace EventSourcedTenancy.Demo;

public sealed class SeedDemoInput : NetCoreInput
{
    [Description("Where to write the demo's ids, moments and tokens as shell variables")]
    [FlagAlias("out")]
    public string OutFlag { get; set; } = "demo.env";
}

/// <summary>
/// Seeds a small demo installation through the real command pipeline: a partner, a customer with its
/// administrators, a promotion, an incident (an administrator set inactive), and an auditor. It records the
/// moments between the steps so the compliance walkthrough (samples/compliance) can ask about them.
/// </summary>
[Description("Seeds a demo installation and writes its ids, moments and development tokens to a file (default demo.env)", Name = "seed-demo")]
public sealed class SeedDemoCommand : JasperFxAsyncCommand<SeedDemoInput>
{
    public override async Task<bool> Execute(SeedDemoInput input)
    {
        using var host = input.BuildHost();
        var tokens = host.Services.GetRequiredService<TokenIssuer>();
        var values = new Dictionary<string, string>();
        var stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

        async Task<CommandOutcome> RunAsync<T>(T command, Guid? actor)
            where T : ITenancyCommand
        {
            var metadata = new CommandMetadata(actor, null, "seed-demo", CommandSource.CommandLine, null, $"demo-{stamp}", null, "demo", null);
            var outcome = await LocalCommands.RunAsync(host.Services, command, metadata);
            return outcome.Accepted ? outcome : throw new InvalidOperationException($"{typeof(T).Name} was refused: {outcome.Message}");
        }

        async Task<Guid> ActiveAdminAsync(Guid tenant, Guid owner, string email, SystemRole role)
        {
            var invited = await RunAsync(new InviteAdmin(tenant, email, "Demo", role.ToString(), RoleRef.Of(role), null, null), owner);
            var id = invited.StreamId!.Value;
            await RunAsync(new AcceptInvitation(id), id);
            return id;
        }

        var infrastructure = CreateInstallation.InfrastructureTenantId;
        Guid superuser;
        var install = new CreateInstallation("Infrastructure", $"root.{stamp}@demo.test", "Root", "Demo");
        var installed = await LocalCommands.RunAsync(host.Services, install, new CommandMetadata(null, null, "seed-demo", CommandSource.CommandLine, null, null, null, null, null));
        if (installed.Accepted)
        {
            superuser = installed.StreamVersions.Keys.Single(id => id != infrastructure);
        }
        else
        {
            await Console.Error.WriteLineAsync($"The demo needs an empty database, and this one already has an installation ({installed.Message}). Seed the local PostgreSQL's own demo database instead, beside the real one: dotnet cake --target=Demo (from the repository's root); or point ConnectionStrings__Postgres at an empty database of yours.");
            return false;
        }

        var partner = await RunAsync(new CreateTenant(infrastructure, TenantKind.Partner, $"Northwind Partners {stamp}", ManagementMode.ManagedByServiceProvider, $"owner.{stamp}@northwind.test", "Nora", "Owner"), superuser);
        var partnerId = partner.StreamVersions.Keys.First();
        var partnerOwner = partner.StreamVersions.Keys.Last();
        var customer = await RunAsync(new CreateTenant(partnerId, TenantKind.Customer, $"Contoso {stamp}", ManagementMode.ManagedByServiceProvider, $"owner.{stamp}@contoso.test", "Olive", "Owner"), partnerOwner);
        var customerId = customer.StreamVersions.Keys.First();
        var customerOwner = customer.StreamVersions.Keys.Last();
        var admin = await ActiveAdminAsync(customerId, customerOwner, $"admin.{stamp}@contoso.test", SystemRole.Administrator);
        var auditor = await ActiveAdminAsync(customerId, customerOwner, $"auditor.{stamp}@contoso.test", SystemRole.Auditor);
        await Task.Delay(1100);
        values["BEFORE_PROMOTION"] = Moment();
        await Task.Delay(1100);
        await RunAsync(new PromoteToOwner(admin), customerOwner);
        await Task.Delay(1100);
        values["BEFORE_INCIDENT"] = Moment();
        await Task.Delay(1100);
        await RunAsync(new ChangeRole(auditor, RoleRef.Of(SystemRole.Operator)), customerOwner);
        await RunAsync(new SetAdminInactive(auditor, "Incident 2026-17: suspicious sign-ins"), customerOwner);
        await Task.Delay(1100);
        values["AFTER_INCIDENT"] = Moment();

        values["TENANT"] = customerId.ToString();
        values["PARTNER"] = partnerId.ToString();
        values["OWNER"] = customerOwner.ToString();
        values["PROMOTED_ADMIN"] = admin.ToString();
        values["INCIDENT_ACCOUNT"] = auditor.ToString();
        values["SUPERUSER"] = superuser.ToString();
        values["OWNER_TOKEN"] = tokens.Mint(customerOwner, lifetime: TimeSpan.FromHours(8));
        values["SUPERUSER_TOKEN"] = tokens.Mint(superuser, lifetime: TimeSpan.FromHours(8));

        var file = new StringBuilder();
        foreach (var (name, value) in values)
        {
            file.AppendLine(CultureInfo.InvariantCulture, $"export {name}=\"{value}\"");
        }

        await File.WriteAllTextAsync(input.OutFlag, file.ToString());
        Console.WriteLine($"Seeded the demo: customer tenant {customerId}; ids, moments and tokens written to {Path.GetFullPath(input.OutFlag)}.");
        return true;

        static string Moment() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    }
}
