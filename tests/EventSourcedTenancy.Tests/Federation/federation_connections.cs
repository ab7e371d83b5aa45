using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace EventSourcedTenancy.Tests.Federation;

/// <summary>
/// Federation connections through the real service (docs/federation.md): the client secret is sealed apart from
/// the events, never returned, found nowhere in the database in plain, and destroyed with the connection or the
/// tenant; over the bus a secret is refused.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class federation_connections(ServiceFixture fixture)
{
    private const string Secret = "idp-client-secret-7f3a9c";

    [Fact]
    public async Task a_client_secret_is_sealed_never_returned_and_destroyed_with_the_connection()
    {
        var world = await Installation.CreateAsync(fixture);
        var (status, _) = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/federation-connections",
            new NewFederationConnection("Corporate IdP", FederationProtocol.OpenIdConnect, Installation.Oidc, Secret));
        status.ShouldBe(200);

        var (readStatus, listed) = await SendAsync(world, world.Viewer, HttpMethod.Get, $"/tenants/{world.Customer}/federation-connections", null);
        readStatus.ShouldBe(200);
        listed.ToJsonString().ShouldNotContain(Secret);
        var connection = listed.AsArray().Single()!;
        ((bool?)connection["hasClientSecret"]).ShouldBe(true);
        var id = Guid.Parse((string)connection["id"]!);

        // Sealed with the installation's key: only the sealer opens it; the plain value is nowhere.
        await using (var session = fixture.Store.QuerySession())
        {
            var sealedSecret = (await session.LoadAsync<SealedSecret>(id)).ShouldNotBeNull();
            fixture.Host.Services.GetRequiredService<SecretSealer>().Unseal(sealedSecret).ShouldBe(Secret);
        }

        (await DatabaseScan.WhereAsync(fixture.ConnectionString, "Corporate IdP")).ShouldNotBeEmpty();
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, Secret)).ShouldBeEmpty();

        // Replaced: the new one sealed, neither in plain; removed: gone, and the connection says so.
        await world.SendAsync(world.Administrator, HttpMethod.Put, $"/tenants/{world.Customer}/federation-connections/{id}",
            new FederationConnectionChange("Corporate IdP", Installation.Oidc, Secret + "-2", null));
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, Secret)).ShouldBeEmpty();
        await using (var session = fixture.Store.QuerySession())
        {
            fixture.Host.Services.GetRequiredService<SecretSealer>().Unseal((await session.LoadAsync<SealedSecret>(id)).ShouldNotBeNull()).ShouldBe(Secret + "-2");
        }

        await world.SendAsync(world.Administrator, HttpMethod.Put, $"/tenants/{world.Customer}/federation-connections/{id}",
            new FederationConnectionChange("Corporate IdP", Installation.Oidc, null, true));
        await using (var session = fixture.Store.QuerySession())
        {
            (await session.LoadAsync<SealedSecret>(id)).ShouldBeNull();
            (await session.LoadAsync<Tenant>(world.Customer)).ShouldNotBeNull().FindFederationConnection(id).ShouldNotBeNull().HasClientSecret.ShouldBeFalse();
        }

        // A new secret again, then the connection deleted: the sealed secret goes with it.
        await world.SendAsync(world.Administrator, HttpMethod.Put, $"/tenants/{world.Customer}/federation-connections/{id}",
            new FederationConnectionChange("Corporate IdP", Installation.Oidc, Secret + "-3", null));
        await world.SendAsync(world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/federation-connections/{id}/delete", new Reasoned("Moved to SAML"));
        await using (var session = fixture.Store.QuerySession())
        {
            (await session.LoadAsync<SealedSecret>(id)).ShouldBeNull();
            (await session.LoadAsync<Tenant>(world.Customer)).ShouldNotBeNull().FederationConnections.ShouldBeEmpty();
        }

        (await DatabaseScan.WhereAsync(fixture.ConnectionString, Secret)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_deleted_tenant_takes_its_sealed_secrets_with_it()
    {
        var world = await Installation.CreateAsync(fixture);
        var (unit, owner) = await world.CreateTenantAsync(world.Customer, TenantKind.Unit, "Sales unit", "owner@unit.test", world.CustomerOwner);
        await world.SendAsync(owner, HttpMethod.Post, $"/tenants/{unit}/federation-connections",
            new NewFederationConnection("Unit IdP", FederationProtocol.OpenIdConnect, Installation.Oidc, Secret));
        await using (var session = fixture.Store.QuerySession())
        {
            (await Marten.QueryableExtensions.CountAsync(session.Query<SealedSecret>().Where(s => s.TenantId == unit))).ShouldBe(1);
        }

        await world.SendAsync(owner, HttpMethod.Post, $"/tenants/{unit}/delete", new TenantDeletion("Sales unit", "Unit closed"));

        await using (var session = fixture.Store.QuerySession())
        {
            (await Marten.QueryableExtensions.CountAsync(session.Query<SealedSecret>().Where(s => s.TenantId == unit))).ShouldBe(0);
        }
    }

    [Fact]
    public async Task over_the_bus_a_secret_is_refused_and_nothing_is_written_while_a_connection_without_one_is_accepted()
    {
        var world = await Installation.CreateAsync(fixture);
        var events = await fixture.CountEventsAsync();
        var withSecret = await BusAsync(world, new CreateFederationConnection(world.Customer, "Bus IdP", FederationProtocol.OpenIdConnect, Installation.Oidc, Secret));
        withSecret.Accepted.ShouldBeFalse();
        withSecret.Code.ShouldBe("secret_over_http_only");
        (await fixture.CountEventsAsync()).ShouldBe(events);
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, Secret)).ShouldBeEmpty();

        var without = await BusAsync(world, new CreateFederationConnection(world.Customer, "Bus IdP", FederationProtocol.OpenIdConnect, Installation.Oidc, null));
        without.Accepted.ShouldBeTrue(without.Message);
        (await fixture.CountEventsAsync()).ShouldBe(events + 1);
    }

    [Theory]
    [InlineData("""{"name":"X","protocol":"OpenIdConnect","settings":{"issuer":"http://idp.test","clientId":"c"},"clientSecret":null}""", "invalid_federation_connection")]
    [InlineData("""{"name":"X","protocol":"OpenIdConnect","settings":{"issuer":"https://idp.test"},"clientSecret":null}""", "invalid_federation_connection")]
    [InlineData("""{"name":"X","protocol":"Saml","settings":{"metadataUrl":"https://idp.test/m","entityId":"urn:x"},"clientSecret":"s"}""", "invalid_federation_connection")]
    [InlineData("""{"name":"X","protocol":"Saml","settings":{"entityId":"urn:x"},"clientSecret":null}""", "invalid_federation_connection")]
    [InlineData("""{"name":"X","protocol":"OpenIdConnect","settings":{"issuer":"https://idp.test","clientId":"c","domains":["a.test","A.test"]},"clientSecret":null}""", "invalid_federation_connection")]
    [InlineData("""{"name":"X","protocol":"OpenIdConnect","settings":{"issuer":"https://idp.test","clientId":"c"},"clientSecret":"has space"}""", "invalid_federation_connection")]
    [InlineData("""{"name":"X","protocol":2,"settings":{"issuer":"https://idp.test","clientId":"c"},"clientSecret":null}""", "invalid_enum")]
    [InlineData("""{"name":"X","protocol":"OpenIdConnect","clientSecret":null}""", "missing_field")]
    public async Task a_connection_with_bad_settings_is_refused_with_its_code_and_writes_nothing(string body, string code)
    {
        var world = await Installation.CreateAsync(fixture);
        var events = await fixture.CountEventsAsync();
        var (status, problem) = await SendRawAsync(world, world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/federation-connections", body);
        status.ShouldBe(400, problem.ToJsonString());
        ((string?)problem["code"]).ShouldBe(code);
        (await fixture.CountEventsAsync()).ShouldBe(events);
    }

    private Task<CommandOutcome> BusAsync(Installation world, object command) =>
        fixture.Host.MessageBus().EndpointFor(fixture.Host.Services.GetRequiredService<ServiceSettings>().CommandQueueUri)
            .InvokeAsync<CommandOutcome>(command, CommandMetadata.Delivery(world.TokenFor(world.Administrator), "identity-sync"), timeout: TimeSpan.FromSeconds(20));

    private Task<(int Status, JsonNode Body)> SendAsync(Installation world, Guid actor, HttpMethod method, string url, object? body) =>
        SendRawAsync(world, actor, method, url, body is null ? null : JsonSerializer.Serialize(body, Installation.Json));

    private async Task<(int Status, JsonNode Body)> SendRawAsync(Installation world, Guid actor, HttpMethod method, string url, string? body)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenFor(actor));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }
}
