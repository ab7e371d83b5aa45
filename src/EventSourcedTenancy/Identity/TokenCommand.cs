using JasperFx.CommandLine;

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

[Description("Mints a development JWT bearer token for an account, signed with the configured key")]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public TokenCommand()
    {
        Usage("Mint a token for an account").Arguments(x => x.Account);
    }

    public override bool Execute(TokenInput input)
    {
        if (!Guid.TryParse(input.Account, out var accountId))
        {
            Console.Error.WriteLine($"'{input.Account}' is not an account id (a GUID such as 0b6b8d0e-6f1f-4c53-9a34-1c0a3c7c8b11).");
            return false;
        }

        var settings = TokenSettings.From(input.HostBuilder.Build().Services.GetRequiredService<IConfiguration>());
        var issuer = new TokenIssuer(settings, TimeProvider.System);
        var lifetime = input.HoursFlag is { } hours ? TimeSpan.FromHours(hours) : (TimeSpan?)null;
        Console.WriteLine(issuer.Mint(accountId, input.NameFlag, lifetime));
        return true;
    }
}
