using System.Text.Json.Nodes;
using Alba;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventSourcedTenancy.Tests.Hosting;

[Collection(ServiceTestCollection.Name)]
public sealed class when_the_service_is_running(ServiceFixture fixture)
{
    [Fact]
    public async Task it_is_live()
    {
        await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/health/live");
            s.StatusCodeShouldBeOk();
        });
    }

    [Fact]
    public async Task a_test_host_starts_while_another_process_holds_the_service_port()
    {
        // The configured address (appsettings.json) held by someone else, as when the service runs in
        // another terminal: the in-memory test host binds no port and must start regardless.
        var address = new Uri(fixture.Host.Services.GetRequiredService<IConfiguration>()["Urls"]!.Split(';')[0]);
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, address.Port);
        try
        {
            holder.Start();
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Already held by another process (the service itself may be running): the case under test.
        }

        await using var second = await AlbaHost.For<Program>();
        await second.Scenario(s =>
        {
            s.Get.Url("/health/live");
            s.StatusCodeShouldBeOk();
        });
    }

    [Fact]
    public async Task it_is_ready_because_it_reaches_the_database()
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/health/ready");
            s.StatusCodeShouldBeOk();
        });

        (await result.ReadAsTextAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task it_serves_its_openapi_document()
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/openapi/v1.json");
            s.StatusCodeShouldBeOk();
        });

        var document = JsonNode.Parse(await result.ReadAsTextAsync()).ShouldNotBeNull();
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => op.Value!))
            .ToList();
        var operationIds = operations.Select(op => (string?)op["operationId"]).ToHashSet();

        // An endpoint per command, and one per aggregate query.
        foreach (var command in EventSourcedTenancy.Commands.CommandCatalog.Commands)
        {
            operationIds.ShouldContain(command.Name, $"no endpoint for {command.Name}");
        }

        operationIds.ShouldContain("GetTenant");
        operationIds.ShouldContain("GetAccount");

        // Every request body comes with an example, every command with its refusals.
        foreach (var operation in operations.Where(op => op["requestBody"] is not null))
        {
            operation["requestBody"]!["content"]!["application/json"]!["example"].ShouldNotBeNull($"{operation["operationId"]} has no example");
            operation["responses"]!["403"].ShouldNotBeNull();
            operation["responses"]!["409"].ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task the_database_check_is_unhealthy_when_postgres_cannot_be_reached()
    {
        // A real store pointed at a port where nothing listens: the check must say so, not throw.
        using var store = DocumentStore.For("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");
        var check = new DatabaseHealthCheck(store);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldNotBeNull().ShouldContain("ConnectionStrings__Postgres");
    }
}
