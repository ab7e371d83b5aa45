using System.Text.Json.Nodes;
using Alba;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Audit;
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
    public async Task it_is_ready_because_it_reaches_the_database_and_its_projections_are_caught_up()
    {
        await fixture.CatchUpAsync();
        var result = await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/health/ready");
            s.StatusCodeShouldBeOk();
        });

        var report = JsonNode.Parse(await result.ReadAsTextAsync())!;
        report["status"]!.GetValue<string>().ShouldBe("Healthy", report.ToJsonString());
        report["checks"]!["database"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        var projections = report["checks"]!["projections"]!;
        projections["status"]!.GetValue<string>().ShouldBe("Healthy");
        var shards = projections["data"]!.AsObject();
        // Every async projection and subscription of the event store, each with its distance from the newest event.
        foreach (var name in new[] { "AuditTrail", "TenantObservability", "IntegrationEvents" })
        {
            shards.Select(s => s.Key).ShouldContain(k => k.StartsWith(name + ":", StringComparison.Ordinal), report.ToJsonString());
        }

        foreach (var (_, shard) in shards)
        {
            shard!["eventsBehind"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
            shard["secondsBehind"]!.GetValue<double>().ShouldBeLessThanOrEqualTo(30);
        }
    }

    [Fact]
    public void nothing_is_exported_or_traced_without_an_otlp_endpoint()
    {
        // This host is configured without OpenTelemetry:Endpoint (service_telemetry runs one with it).
        fixture.Host.Services.GetService<OpenTelemetry.Trace.TracerProvider>().ShouldBeNull();
        fixture.Host.Services.GetService<OpenTelemetry.Metrics.MeterProvider>().ShouldBeNull();
    }

    [Fact]
    public void projection_lag_past_the_warning_makes_the_service_degraded_and_names_the_late_ones()
    {
        var warning = TimeSpan.FromSeconds(30);
        var onTime = ProjectionLag.Assess([new("AuditTrail:All", 12, TimeSpan.FromSeconds(30)), new("IntegrationEvents:All", 0, TimeSpan.Zero)], warning);
        onTime.Status.ShouldBe(HealthStatus.Healthy);
        ((IDictionary<string, object>)onTime.Data["AuditTrail:All"])["eventsBehind"].ShouldBe(12L);

        var late = ProjectionLag.Assess([new("AuditTrail:All", 1_234, TimeSpan.FromSeconds(31)), new("IntegrationEvents:All", 3, TimeSpan.FromSeconds(2))], warning);
        late.Status.ShouldBe(HealthStatus.Degraded);
        late.Description.ShouldNotBeNull().ShouldStartWith("AuditTrail:All is 1,234 events (31 s) behind");
        late.Description.ShouldContain("EventStore:LagWarning (30 s)");
        late.Description.ShouldNotContain("IntegrationEvents");
        ((IDictionary<string, object>)late.Data["IntegrationEvents:All"])["secondsBehind"].ShouldBe(2.0);
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
