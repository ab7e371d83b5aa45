using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventSourcedTenancy.Tests.Audit;

/// <summary>Reading a tenant's audit trail over HTTP: filters, keyset paging, and who may read it.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_the_audit_trail_is_read(ServiceFixture fixture)
{
    [Fact]
    public async Task filters_return_exactly_the_matching_entries()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var all = (await fixture.AllEntriesAsync()).Where(e => e.TenantId == world.Customer || e.ActorTenantId == world.Customer).ToList();
        all.Count.ShouldBeGreaterThan(20);
        // Both ways an entry belongs to a trail: the partner's own, and its authority exercised on the customer it created.
        var partners = (await fixture.AllEntriesAsync()).Where(e => e.TenantId == world.Partner || e.ActorTenantId == world.Partner).ToList();
        partners.ShouldContain(e => e.TenantId == world.Partner);
        partners.ShouldContain(e => e.ActorTenantId == world.Partner && e.TenantId == world.Customer);
        var partnerTrail = await fixture.GetJsonAsync<AuditPage>(world, world.PartnerOwner, $"/tenants/{world.Partner}/audit?limit=1000");
        partnerTrail.Entries.Select(e => e.Sequence).ShouldBe(partners.Select(e => e.Sequence));
        var partnerOnCustomer = await fixture.GetJsonAsync<AuditPage>(world, world.PartnerOwner, $"/tenants/{world.Partner}/audit?limit=1000&target={world.Customer}");
        partnerOnCustomer.Entries.Select(e => e.Sequence).ShouldBe(partners.Where(e => e.Target == world.Customer).Select(e => e.Sequence));
        partnerOnCustomer.Entries.ShouldNotBeEmpty();
        string Url(string query) => $"/tenants/{world.Customer}/audit?limit=1000&{query}";

        var byActor = await fixture.GetJsonAsync<AuditPage>(world, world.Viewer, Url($"actor={world.CustomerOwner}"));
        byActor.Entries.Select(e => e.Sequence).ShouldBe(all.Where(e => e.Actor == world.CustomerOwner).Select(e => e.Sequence));
        byActor.Entries.Count.ShouldBeGreaterThan(5);

        var byTarget = await fixture.GetJsonAsync<AuditPage>(world, world.Viewer, Url($"target={world.InactiveAdmin}"));
        byTarget.Entries.Select(e => e.EventType).ShouldBe(["AdminInvited", "InvitationAccepted", "AccountSetInactive"]);

        var byOperation = await fixture.GetJsonAsync<AuditPage>(world, world.Viewer, Url("operation=InviteAdmin"));
        byOperation.Entries.ShouldNotBeEmpty();
        byOperation.Entries.ShouldAllBe(e => e.Operation == "InviteAdmin");
        byOperation.Entries.Count.ShouldBe(all.Count(e => e.Operation == "InviteAdmin"));

        // An event type finds its events, whichever command caused them.
        var byEventType = await fixture.GetJsonAsync<AuditPage>(world, world.Viewer, Url("operation=AccountSetInactive"));
        byEventType.Entries.Select(e => e.Sequence).ShouldBe(all.Where(e => e.EventType == "AccountSetInactive").Select(e => e.Sequence));
        byEventType.Entries.ShouldNotBeEmpty();
        byEventType.Entries.ShouldAllBe(e => e.Operation != e.EventType);

        var middle = all[all.Count / 2].Timestamp;
        var late = all[^3].Timestamp;
        var byTime = await fixture.GetJsonAsync<AuditPage>(world, world.Viewer,
            Url($"from={Uri.EscapeDataString(middle.ToString("O"))}&to={Uri.EscapeDataString(late.ToString("O"))}"));
        byTime.Entries.Select(e => e.Sequence).ShouldBe(all.Where(e => e.Timestamp >= middle && e.Timestamp < late).Select(e => e.Sequence));

        var nobody = await fixture.GetJsonAsync<AuditPage>(world, world.Viewer, Url($"actingAs={world.Superuser}"));
        nobody.Entries.ShouldBeEmpty();
        nobody.Next.ShouldBeNull();
    }

    [Fact]
    public async Task entries_projected_before_the_exercised_column_existed_are_found_after_the_start_up_backfill()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var entries = await fixture.AllEntriesAsync();
        var own = entries.Where(e => e.TenantId == world.Partner).Select(e => e.Sequence).ToList();
        var expected = entries.Where(e => e.TenantId == world.Partner || e.ActorTenantId == world.Partner).Select(e => e.Sequence).ToList();
        expected.Count.ShouldBeGreaterThan(own.Count);
        var url = $"/tenants/{world.Partner}/audit?limit=1000";

        // As an earlier version left the trail: no entry has the column, and the backfill has not run.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var clear = new NpgsqlCommand($"update {fixture.Store.Options.DatabaseSchemaName}.mt_doc_auditentry set exercised_from = null", connection);
            (await clear.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
        }

        await using (var session = fixture.Store.LightweightSession())
        {
            session.Delete<CompletedUpgrade>(CompletedUpgrade.ExercisedFrom);
            await session.SaveChangesAsync();
        }

        (await fixture.GetJsonAsync<AuditPage>(world, world.PartnerOwner, url)).Entries.Select(e => e.Sequence).ShouldBe(own);

        using var backfill = ActivatorUtilities.CreateInstance<ExercisedFromBackfill>(fixture.Host.Services);
        await backfill.StartAsync(CancellationToken.None);
        await backfill.ExecuteTask!;

        (await fixture.GetJsonAsync<AuditPage>(world, world.PartnerOwner, url)).Entries.Select(e => e.Sequence).ShouldBe(expected);
    }

    [Fact]
    public async Task keyset_pages_cover_the_trail_once_in_order()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        var expected = (await fixture.AllEntriesAsync())
            .Where(e => e.TenantId == world.Customer || e.ActorTenantId == world.Customer).Select(e => e.Sequence).ToList();

        var seen = new List<long>();
        long? after = null;
        var pages = 0;
        do
        {
            var page = await fixture.GetJsonAsync<AuditPage>(world, world.CustomerOwner,
                $"/tenants/{world.Customer}/audit?limit=7{(after is { } a ? $"&after={a}" : string.Empty)}");
            page.Entries.Count.ShouldBeLessThanOrEqualTo(7);
            seen.AddRange(page.Entries.Select(e => e.Sequence));
            after = page.Next;
            pages++;
        }
        while (after is not null);

        seen.ShouldBe(expected);
        pages.ShouldBeGreaterThanOrEqualTo(expected.Count / 7);

        var first = await fixture.GetJsonAsync<AuditPage>(world, world.CustomerOwner, $"/tenants/{world.Customer}/audit");
        first.Entries.Count.ShouldBe(Math.Min(expected.Count, GetAuditTrailEndpoint.DefaultLimit));
    }

    [Fact]
    public async Task an_actor_without_view_audit_is_refused_and_bad_queries_are_invalid()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();

        // A Manager holds no ViewAudit (seed 000).
        var (status, body) = await fixture.GetAsync(world, world.Manager, $"/tenants/{world.Customer}/audit");
        status.ShouldBe(403);
        body.ShouldContain("ViewAudit");

        // Nor does the customer's Owner reach the partner above it, where it has no authority at all: the
        // partner answers as an unknown tenant would.
        var (partner, partnerBody) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Partner}/audit");
        partner.ShouldBe(404);
        partnerBody.ShouldContain("tenant_not_found");

        // A Viewer reads the trail but may not export it.
        (await fixture.GetAsync(world, world.Viewer, $"/tenants/{world.Customer}/audit/export?format=csv")).Status.ShouldBe(403);

        (await fixture.GetAsync(world, world.Viewer, $"/tenants/{Guid.NewGuid()}/audit")).Status.ShouldBe(404);
        (await fixture.GetAsync(world, world.Viewer, $"/tenants/{world.Customer}/audit?limit=1001")).Status.ShouldBe(400);
        (await fixture.GetAsync(world, world.Viewer, $"/tenants/{world.Customer}/audit?from=yesterday")).Status.ShouldBe(400);
        (await fixture.GetAsync(world, world.Viewer, $"/tenants/{world.Customer}/audit?actor=someone")).Status.ShouldBe(400);
        (await fixture.GetAsync(world, world.Viewer, $"/tenants/{world.Customer}/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).Status.ShouldBe(400);
        (await fixture.GetAsync(world, world.Viewer, "/audit/verify")).Status.ShouldBe(403);
        (await fixture.CountEventsAsync()).ShouldBe(before);
    }
}
