using System.Text.Json.Nodes;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Audit;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Tenants;

/// <summary>
/// What a client needs to show only what will be accepted: the tenants below one that the caller's authority
/// reaches, and what the caller may do in a tenant; and a user list that leaves the recycle bin out.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class walking_the_hierarchy(ServiceFixture fixture)
{
    [Fact]
    public async Task a_tenants_children_are_those_the_callers_authority_reaches()
    {
        var world = await Installation.CreateAsync(fixture);
        var (closed, closedOwner) = await world.CreateTenantAsync(world.Partner, TenantKind.Customer, "Closed", "owner@closed.test", world.PartnerOwner);
        var (gone, goneOwner) = await world.CreateTenantAsync(world.Partner, TenantKind.Customer, "Gone", "owner@gone.test", world.PartnerOwner);
        await world.SendAsync(closedOwner, HttpMethod.Put, $"/tenants/{closed}/ancestor-access", new AncestorAccessChange(true, "Our data stays ours"));
        await world.SendAsync(goneOwner, HttpMethod.Post, $"/tenants/{gone}/delete", new TenantDeletion("Gone", "Contract ended"));

        var (status, body) = await fixture.GetAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/children");
        var (outsider, outsiderBody) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Partner}/children");

        status.ShouldBe(200, body);
        var children = JsonNode.Parse(body)!.AsArray().Select(c => (string?)c!["id"]).ToList();
        children.ShouldBe([world.Customer.ToString()], "the restricted and the deleted child are not listed");
        outsider.ShouldBe(404);
        outsiderBody.ShouldContain("tenant_not_found");
    }

    [Fact]
    public async Task a_caller_learns_its_role_the_source_of_its_authority_and_its_capabilities_in_a_tenant()
    {
        var world = await Installation.CreateAsync(fixture);

        var owner = await MeAsync(world, world.CustomerOwner, world.Customer);
        var ancestor = await MeAsync(world, world.PartnerOwner, world.Customer);
        var viewer = await MeAsync(world, world.Viewer, world.Customer);
        var (outsider, _) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Partner}/me");

        ((string?)owner["role"]).ShouldBe("Owner");
        ((string?)owner["source"]).ShouldBe("Home");
        Capabilities(owner).ShouldContain("DeleteTenant");
        ((string?)ancestor["source"]).ShouldBe("Inherited");
        Capabilities(ancestor).ShouldNotContain("DeleteTenant", "an ancestor does not inherit owner-only capabilities");
        Capabilities(viewer).ShouldContain("ViewUsers");
        Capabilities(viewer).ShouldNotContain("CreateAccounts");
        outsider.ShouldBe(404);
    }

    [Fact]
    public async Task the_user_list_leaves_deleted_accounts_to_the_recycle_bin_unless_asked_by_state()
    {
        var world = await Installation.CreateAsync(fixture);

        var (_, all) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/users?pageSize=500");
        var (_, deleted) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/users?state=Deleted");

        Ids(all).ShouldNotContain(world.DeletedAdmin.ToString());
        Ids(all).ShouldContain(world.Administrator.ToString());
        Ids(deleted).ShouldBe([world.DeletedAdmin.ToString()]);
    }

    private async Task<JsonNode> MeAsync(Installation world, Guid caller, Guid tenant)
    {
        var (status, body) = await fixture.GetAsync(world, caller, $"/tenants/{tenant}/me");
        status.ShouldBe(200, body);
        return JsonNode.Parse(body)!;
    }

    private static List<string?> Capabilities(JsonNode me) => [.. me["capabilities"]!.AsArray().Select(c => (string?)c)];

    private static List<string?> Ids(string page) => [.. JsonNode.Parse(page)!["items"]!.AsArray().Select(i => (string?)i!["id"])];
}
