using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Identity;
using JasperFx.CommandLine;

namespace EventSourcedTenancy.Tenants;

public sealed class InstallInput : NetCoreInput
{
    [Description("The superuser's email address")]
    public string Email { get; set; } = string.Empty;

    [Description("The superuser's first name")]
    [FlagAlias("first-name")]
    public string FirstNameFlag { get; set; } = "Super";

    [Description("The superuser's last name")]
    [FlagAlias("last-name")]
    public string LastNameFlag { get; set; } = "User";

    [Description("The installation's name (the Infrastructure tenant)")]
    [FlagAlias("name")]
    public string NameFlag { get; set; } = "Infrastructure";
}

[Description("Creates the installation: the Infrastructure tenant and its superuser; in Development it also prints a token for the superuser")]
public sealed class InstallCommand : JasperFxAsyncCommand<InstallInput>
{
    public InstallCommand()
    {
        Usage("Create the installation").Arguments(x => x.Email);
    }

    public override async Task<bool> Execute(InstallInput input)
    {
        // The host is built for its services only: no web server, no listeners.
        using var host = input.BuildHost();
        var command = new CreateInstallation(input.NameFlag, input.Email, input.FirstNameFlag, input.LastNameFlag);
        var metadata = new CommandMetadata(null, null, "command-line", CommandSource.CommandLine, null, Guid.NewGuid().ToString(), null, "install", null);
        var outcome = await LocalCommands.RunAsync(host.Services, command, metadata);
        if (!outcome.Accepted)
        {
            await Console.Error.WriteLineAsync($"Not installed: {outcome.Message}");
            return false;
        }

        var superuser = outcome.StreamVersions.Keys.First(id => id != CreateInstallation.InfrastructureTenantId);
        CommandLineOutput.Data.WriteLine($"Infrastructure tenant: {CreateInstallation.InfrastructureTenantId}");
        CommandLineOutput.Data.WriteLine($"Superuser account:     {superuser}");
        if (host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            CommandLineOutput.Data.WriteLine("Development token for the superuser:");
            CommandLineOutput.Data.WriteLine(host.Services.GetRequiredService<TokenIssuer>().Mint(superuser, input.Email));
        }
        else
        {
            CommandLineOutput.Data.WriteLine($"Sign in as the superuser through the identity provider (its tokens name the account {superuser} in 'sub').");
        }

        return true;
    }
}
