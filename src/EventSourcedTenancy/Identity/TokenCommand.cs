using EventSourcedTenancy.Hosting;
using JasperFx.CommandLine;
using Marten;

namespace EventSourcedTenancy.Identity;

public sealed class TokenInput : NetCoreInput
{
    [Description("The account the token speaks for (its id)")]
    public string Account { get; set; } = string.Empty;

    [Description("Optional display name carried in the token")]
    [FlagAlias("name", 'n')]
    public string? NameFlag { get; set; }

    [Description("Lifetime in hours (default from Auth:DevelopmentTokenLifetime)")]
    [FlagAlias("hours")]
    public double? HoursFlag { get; set; }
}

[Description("Mints a development JWT bearer token for an account, signed with the configured key (Development only, at most 24 hours)")]
public sealed class TokenCommand : JasperFxAsyncCommand<TokenInput>
{
    public TokenCommand()
    {
        Usage("Mint a token for an account").Arguments(x => x.Account);
    }

    /// <summary>The longest lifetime a development token may have.</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromHours(24);

    public override async Task<bool> Execute(TokenInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var host = input.HostBuilder.Build();
        if (!host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            Console.Error.WriteLine(
                "The token command mints development tokens and works only in the Development environment (ASPNETCORE_ENVIRONMENT=Development); " +
                "elsewhere tokens come from the identity provider.");
            return false;
        }

        if (input.HoursFlag is { } asked && (asked <= 0 || TimeSpan.FromHours(asked) > MaximumLifetime))
        {
            Console.Error.WriteLine($"--hours is more than 0 and at most {MaximumLifetime.TotalHours:0}.");
            return false;
        }

        if (!Guid.TryParse(input.Account, out var accountId))
        {
            Console.Error.WriteLine($"'{input.Account}' is not an account id (a GUID such as 0b6b8d0e-6f1f-4c53-9a34-1c0a3c7c8b11).");
            return false;
        }

        // A token for an id that names no account would be refused by every endpoint: say so now instead.
        if (host.Services.GetRequiredService<ServiceSettings>().HasConnectionString)
        {
            await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            if (await session.LoadAsync<Users.UserView>(accountId) is null)
            {
                await Console.Error.WriteLineAsync(
                    $"There is no account {accountId} in the configured database: `install <email>` creates the first one, " +
                    "and GET /tenants/{id}/users (or the console's sign-in page in Development) lists them.");
                return false;
            }
        }

        var settings = TokenSettings.From(host.Services.GetRequiredService<IConfiguration>());
        var issuer = new TokenIssuer(settings, TimeProvider.System);
        var lifetime = input.HoursFlag is { } hours ? TimeSpan.FromHours(hours) : (TimeSpan?)null;
        CommandLineOutput.Data.WriteLine(issuer.Mint(accountId, input.NameFlag, lifetime));
        return true;
    }
}
