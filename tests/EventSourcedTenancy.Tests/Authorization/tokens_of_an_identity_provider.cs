using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedTenancy.Tests.Authorization;

/// <summary>
/// With Auth:Authority, the tokens of an OpenID Connect provider are accepted over HTTP and the bus: its signing
/// keys come from its discovery document, served here by a stand-in provider on a real port. The service's own
/// tokens keep working; a token signed with another key, or naming another issuer or audience, does not.
/// </summary>
public sealed class tokens_of_an_identity_provider : IAsyncLifetime
{
    private const string OwnKey = "development-only-signing-key-change-me-0123456789";
    private readonly RsaSecurityKey providerKey = new(RSA.Create(2048)) { KeyId = "provider-key-1" };
    private readonly RsaSecurityKey otherKey = new(RSA.Create(2048)) { KeyId = "provider-key-1" };
    private WebApplication provider = null!;
    private string authority = null!;

    public async Task InitializeAsync()
    {
        authority = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(authority);
        provider = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(providerKey.Rsa.ExportParameters(false)) { KeyId = providerKey.KeyId });
        provider.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority,
            ["jwks_uri"] = $"{authority}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        provider.MapGet("/jwks", () => Results.Json(new
        {
            keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } },
        }));
        await provider.StartAsync();
    }

    public async Task DisposeAsync() => await provider.DisposeAsync();

    private TokenSettings Settings => new() { SigningKey = OwnKey, Authority = authority, RequireHttpsMetadata = false };

    private string ProviderToken(Guid account, SecurityKey key, string? issuer = null, string? audience = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? authority,
            Audience = audience ?? "event-sourced-tenancy",
            Subject = new ClaimsIdentity([new Claim("sub", account.ToString())]),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    [Fact]
    public async Task over_the_bus_a_provider_token_names_its_account_and_forged_or_foreign_ones_are_refused()
    {
        var bus = new BusAuthentication(Settings);
        var account = Guid.NewGuid();
        var own = new TokenIssuer(Settings, TimeProvider.System).Mint(account);

        var accepted = await bus.AuthenticateAsync($"Bearer {ProviderToken(account, providerKey)}", null);
        var ownAccepted = await bus.AuthenticateAsync($"Bearer {own}", null);
        var forged = await bus.AuthenticateAsync($"Bearer {ProviderToken(account, otherKey)}", null);
        var foreignIssuer = await bus.AuthenticateAsync($"Bearer {ProviderToken(account, providerKey, issuer: "https://elsewhere.example")}", null);
        var foreignAudience = await bus.AuthenticateAsync($"Bearer {ProviderToken(account, providerKey, audience: "another-service")}", null);

        accepted.Problem.ShouldBeNull();
        accepted.Account.ShouldBe(account);
        ownAccepted.Account.ShouldBe(account, "the service's own tokens are still accepted");
        forged.Problem.ShouldNotBeNull("signed with a key the provider does not publish");
        foreignIssuer.Problem.ShouldNotBeNull("another issuer");
        foreignAudience.Problem.ShouldNotBeNull("another audience");
    }

    [Fact]
    public async Task over_http_the_services_authentication_accepts_a_provider_token_and_refuses_a_forged_one()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        builder.Services.AddTokenAuthentication(Settings);
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/who", (HttpContext http) => http.User.FindFirst("sub")?.Value).RequireAuthorization();
        await app.StartAsync();
        using var client = app.GetTestClient();
        var account = Guid.NewGuid();

        async Task<(int Status, string Body)> AskAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/who");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var accepted = await AskAsync(ProviderToken(account, providerKey));
        var forged = await AskAsync(ProviderToken(account, otherKey));

        accepted.Status.ShouldBe(200);
        accepted.Body.ShouldBe(account.ToString());
        forged.Status.ShouldBe(401);
    }
}
