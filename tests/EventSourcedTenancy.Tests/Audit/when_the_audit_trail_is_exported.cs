using System.Globalization;
using System.Text.Json;
using Alba;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Audit;

/// <summary>Exports stream every matching entry, as CSV with a header row or as NDJSON.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_the_audit_trail_is_exported(ServiceFixture fixture)
{
    [Fact]
    public async Task ndjson_holds_every_entry_of_the_tenant()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var expected = (await fixture.AllEntriesAsync())
            .Where(e => e.TenantId == world.Customer || e.ActorTenantId == world.Customer).ToList();

        var result = await ExportAsync(world, world.Administrator, "ndjson");

        result.Context.Response.ContentType.ShouldBe("application/x-ndjson; charset=utf-8");
        var lines = (await result.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(expected.Count);
        var exported = lines.Select(line => JsonSerializer.Deserialize<AuditEntry>(line, AuditExport.Json).ShouldNotBeNull()).ToList();
        exported.ShouldBe(expected);
    }

    [Fact]
    public async Task csv_has_a_header_and_one_quoted_record_per_entry()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.WithRequestHeader("X-Reason", "Said \"goodbye\", then left");
            s.Post.Url($"/accounts/{world.Administrator}/deactivate");
            s.StatusCodeShouldBeOk();
        });
        await fixture.CatchUpAsync();
        var expected = (await fixture.AllEntriesAsync())
            .Where(e => e.TenantId == world.Customer || e.ActorTenantId == world.Customer).ToList();

        var result = await ExportAsync(world, world.CustomerOwner, "csv");

        result.Context.Response.ContentType.ShouldBe("text/csv; charset=utf-8");
        var records = Exports.CsvRecords(await result.ReadAsTextAsync()).Select(r => r.ToArray()).ToList();
        records[0].Take(3).ShouldBe(["sequence", "timestamp", "tenantId"]);
        records.Count.ShouldBe(expected.Count + 1);
        var summary = Array.IndexOf(records[0], "summary");
        var hash = Array.IndexOf(records[0], "hash");
        records.Skip(1).Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).ShouldBe(expected.Select(e => e.Sequence));
        records.Skip(1).Select(r => r[hash]).ShouldBe(expected.Select(e => e.Hash));
        records.Skip(1).Select(r => r[summary]).ShouldContain(
            $"Owner {world.CustomerOwner} set account {world.Administrator} inactive: Said \"goodbye\", then left");
    }

    [Fact]
    public async Task the_filters_apply_to_the_export()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var expected = (await fixture.AllEntriesAsync()).Count(e => (e.TenantId == world.Customer || e.ActorTenantId == world.Customer) && e.Operation == "InviteAdmin");

        var result = await ExportAsync(world, world.CustomerOwner, "ndjson&operation=InviteAdmin");

        var lines = (await result.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(expected);
        lines.ShouldAllBe(line => line.Contains("\"operation\":\"InviteAdmin\""));
    }

    private Task<IScenarioResult> ExportAsync(Installation world, Guid actor, string format) =>
        fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(actor)}");
            s.Get.Url($"/tenants/{world.Customer}/audit/export?format={format}");
            s.StatusCodeShouldBeOk();
        });
}
