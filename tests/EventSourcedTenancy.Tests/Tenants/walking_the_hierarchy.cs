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
    public async Task a_subtree_is_walked_breadth_first_to_its_depth_without_what_the_caller_does_not_reach_and_is_paged()
    {
        var world = await Installation.CreateAsync(fixture);
        var (unit, unitOwner) = await world.CreateTenantAsync(world.Customer, TenantKind.Unit, "Unit A", "owner@unit-a.test", world.CustomerOwner);
        var (deeper, _) = await world.CreateTenantAsync(unit, TenantKind.Unit, "Unit A1", "owner@unit-a1.test", unitOwner);
        var (closed, closedOwner) = await world.CreateTenantAsync(world.Partner, TenantKind.Customer, "Closed", "owner@closed.test", world.PartnerOwner);
        await world.CreateTenantAsync(closed, TenantKind.Unit, "Below closed", "owner@below-closed.test", closedOwner);
        await world.SendAsync(closedOwner, HttpMethod.Put, $"/tenants/{closed}/ancestor-access", new AncestorAccessChange(true, "Our data stays ours"));

        var two = await SubtreeAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/subtree?depth=2");
        var all = await SubtreeAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/subtree?depth=10");
        var first = await SubtreeAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/subtree?depth=10&pageSize=2");
        var second = await SubtreeAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/subtree?depth=10&pageSize=2&page=2");
        var (badDepth, badDepthBody) = await fixture.GetAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/subtree?depth=0");
        var (tooFar, tooFarBody) = await fixture.GetAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/subtree?page=2147483647&pageSize=500");
        var (outsider, outsiderBody) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Partner}/subtree");

        Rows(two).ShouldBe([(world.Customer.ToString(), 1), (unit.ToString(), 2)], "the restricted child and everything below it are left out");
        Rows(all).ShouldBe([(world.Customer.ToString(), 1), (unit.ToString(), 2), (deeper.ToString(), 3)]);
        ((string?)all["items"]![2]!["parentId"]).ShouldBe(unit.ToString());
        Rows(first).ShouldBe(Rows(all)[..2]);
        ((int?)first["next"]).ShouldBe(2);
        Rows(second).ShouldBe(Rows(all)[2..]);
        second["next"].ShouldBeNull();
        badDepth.ShouldBe(400);
        badDepthBody.ShouldContain("invalid_query");
        tooFar.ShouldBe(400, "paging reaches the first 2,000 tenants; a huge page neither overflows nor walks the installation");
        tooFarBody.ShouldContain("invalid_query");
        outsider.ShouldBe(404);
        outsiderBody.ShouldContain("tenant_not_found");
    }

    [Fact]
    public async Task the_actions_offered_on_an_account_and_a_tenant_are_what_their_deciders_accept_for_the_caller()
    {
        var world = await Installation.CreateAsync(fixture);

        var ownerOnAdmin = await ActionsAsync(world, world.CustomerOwner, $"/accounts/{world.Administrator}/actions");
        var ownerOnInactive = await ActionsAsync(world, world.CustomerOwner, $"/accounts/{world.InactiveAdmin}/actions");
        var managerOnOwner = await ActionsAsync(world, world.Manager, $"/accounts/{world.CustomerOwner}/actions");
        var managerOnUser = await ActionsAsync(world, world.Manager, $"/accounts/{world.User}/actions");
        var viewerOnUser = await ActionsAsync(world, world.Viewer, $"/accounts/{world.User}/actions");
        var ownerOnTenant = await ActionsAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/actions");
        var viewerOnTenant = await ActionsAsync(world, world.Viewer, $"/tenants/{world.Customer}/actions");
        var ancestorOnTenant = await ActionsAsync(world, world.PartnerOwner, $"/tenants/{world.Customer}/actions");
        var events = await fixture.CountEventsAsync();
        var (outsider, outsiderBody) = await fixture.GetAsync(world, world.CustomerOwner, $"/accounts/{world.PartnerOwner}/actions");

        Commands(ownerOnAdmin).ShouldContain("SetAdminInactive");
        Commands(ownerOnAdmin).ShouldContain("PromoteToOwner");
        Commands(ownerOnAdmin).ShouldNotContain("ReactivateAccount", "an active account is not reactivated");
        Commands(ownerOnAdmin).ShouldNotContain("RestoreAccount");
        Commands(ownerOnInactive).ShouldContain("ReactivateAccount");
        Commands(ownerOnInactive).ShouldNotContain("SetAdminInactive");
        ownerOnAdmin["roles"]!.AsArray().Select(r => (string?)r).ShouldContain("Viewer");
        Commands(managerOnOwner).ShouldBeEmpty("seed 000: a Manager does nothing to an Owner");
        Commands(managerOnUser).ShouldContain("SetAdminInactive");
        Commands(managerOnUser).ShouldContain("ResetPassword");
        Commands(viewerOnUser).ShouldBeEmpty();
        Commands(ownerOnTenant).ShouldContain("CreateWorkspace");
        Commands(ownerOnTenant).ShouldContain("ConfigureTenantPolicy");
        Commands(viewerOnTenant).ShouldBeEmpty();
        Commands(ancestorOnTenant).ShouldNotContain("ConfigureTenantPolicy", "the policy is owner-only: an ancestor's Owner does not inherit it");
        (await fixture.CountEventsAsync()).ShouldBe(events, "asking what one may do writes nothing");
        outsider.ShouldBe(404);
        outsiderBody.ShouldContain("account_not_found");
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

    private async Task<JsonNode> SubtreeAsync(Installation world, Guid caller, string url)
    {
        var (status, body) = await fixture.GetAsync(world, caller, url);
        status.ShouldBe(200, body);
        return JsonNode.Parse(body)!;
    }

    private async Task<JsonNode> ActionsAsync(Installation world, Guid caller, string url)
    {
        var (status, body) = await fixture.GetAsync(world, caller, url);
        status.ShouldBe(200, body);
        return JsonNode.Parse(body)!;
    }

    private static (string?, int)[] Rows(JsonNode page) => [.. page["items"]!.AsArray().Select(i => ((string?)i!["id"], (int)i["depth"]!))];

    private static List<string?> Commands(JsonNode actions) => [.. actions["commands"]!.AsArray().Select(c => (string?)c)];

    private static List<string?> Capabilities(JsonNode me) => [.. me["capabilities"]!.AsArray().Select(c => (string?)c)];

    private static List<string?> Ids(string page) => [.. JsonNode.Parse(page)!["items"]!.AsArray().Select(i => (string?)i!["id"])];
}
