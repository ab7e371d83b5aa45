using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Authorization;

/// <summary>
/// What a read shows and to whom: a caller without authority in a tenant learns nothing about it (the answer
/// is the one an unknown id gets), field groups of a tenant need the capabilities that name them, and a
/// compliance query about an account needs that account to be within the caller's reach.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class reads_without_reach(ServiceFixture fixture)
{
    [Fact]
    public async Task a_tenant_shows_its_policy_billing_and_owners_only_to_callers_holding_the_capabilities_that_name_them()
    {
        var world = await Installation.CreateAsync(fixture);

        var (ownerStatus, asOwner) = await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}");
        var (viewerStatus, asViewer) = await GetAsync(world, world.Viewer, $"/tenants/{world.Customer}");
        var (userStatus, asUser) = await GetAsync(world, world.User, $"/tenants/{world.Customer}");

        ownerStatus.ShouldBe(200);
        Withheld(asOwner).ShouldBeEmpty();
        asOwner["value"]!["policy"].ShouldNotBeNull();
        asOwner["value"]!["endUserPolicy"]!["mfaEnforcement"]!.GetValue<string>().ShouldBe("Optional");
        asOwner["value"]!["owners"]!.AsArray().Select(o => (string?)o).ShouldContain(world.CustomerOwner.ToString());

        // A Viewer views users and configurations (seed 003), not billing.
        viewerStatus.ShouldBe(200);
        Withheld(asViewer).ShouldBe([TenantView.BillingGroup]);
        asViewer["value"]!["billing"].ShouldBeNull();
        asViewer["value"]!["owners"].ShouldNotBeNull();
        asViewer["value"]!["endUserPolicy"].ShouldNotBeNull();

        // A plain User sees what the tenant is, and none of the groups.
        userStatus.ShouldBe(200);
        Withheld(asUser).ShouldBe(
            [TenantView.OwnersGroup, TenantView.ImpersonationTargetsGroup, TenantView.PolicyGroup, TenantView.EndUserPolicyGroup, TenantView.BillingGroup], ignoreOrder: true);
        foreach (var group in new[] { "owners", "impersonationTargets", "policy", "endUserPolicy", "billing" })
        {
            asUser["value"]![group].ShouldBeNull(group);
        }

        ((string?)asUser["value"]!["name"]).ShouldBe("Customer");
    }

    private static List<string?> Withheld(JsonNode read) => [.. read["value"]!["withheld"]!.AsArray().Select(g => (string?)g)];

    [Theory]
    [InlineData("")]
    [InlineData("/users")]
    [InlineData("/audit")]
    [InlineData("/recycle-bin")]
    [InlineData("/observability")]
    [InlineData("/as-of?version=1")]
    [InlineData("/timeline")]
    [InlineData("/children")]
    [InlineData("/subtree")]
    [InlineData("/me")]
    [InlineData("/actions")]
    [InlineData("/evidence")]
    [InlineData("/users", true)]
    [InlineData("/actions", true)]
    [InlineData("/evidence", true)]
    public async Task a_tenant_the_caller_has_no_authority_in_answers_exactly_as_an_unknown_tenant(string read, bool actingAs = false)
    {
        var world = await Installation.CreateAsync(fixture);
        var unknown = Guid.NewGuid();
        // Asking to act as the superuser, without a session, must not tell the two apart either.
        Guid? actAs = actingAs ? world.Superuser : null;

        // The Customer's Owner has no authority in its parent Partner.
        var (status, problem) = await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Partner}{read}", actAs);
        var (unknownStatus, unknownProblem) = await GetAsync(world, world.CustomerOwner, $"/tenants/{unknown}{read}", actAs);

        status.ShouldBe(unknownStatus, read);
        unknownStatus.ShouldBe(404, read);
        ((string?)problem["code"]).ShouldBe((string?)unknownProblem["code"], read);
        ((string?)problem["detail"])!.Replace(world.Partner.ToString(), "ID", StringComparison.Ordinal)
            .ShouldBe(((string?)unknownProblem["detail"])!.Replace(unknown.ToString(), "ID", StringComparison.Ordinal), read);
    }

    [Fact]
    public async Task an_id_of_another_kind_of_stream_answers_404_never_500()
    {
        var world = await Installation.CreateAsync(fixture);

        (await GetAsync(world, world.CustomerOwner, $"/accounts/{world.Customer}")).Status.ShouldBe(404);
        (await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Administrator}")).Status.ShouldBe(404);
        var (status, problem) = await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/capabilities/{world.Partner}");
        status.ShouldBe(404);
        ((string?)problem["code"]).ShouldBe("account_not_found");
        (await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/capabilities/{world.Partner}/history/ViewUsers")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task a_compliance_query_about_an_account_out_of_reach_answers_as_for_an_unknown_account()
    {
        var world = await Installation.CreateAsync(fixture);
        var (_, otherOwner) = await world.CreateTenantAsync(CreateInstallation.InfrastructureTenantId, TenantKind.Partner, "Other partner", "owner@other-partner.test");
        var unknown = Guid.NewGuid();

        foreach (var path in new[] { "", "/history/ViewUsers" })
        {
            var (status, problem) = await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/capabilities/{otherOwner}{path}");
            var (unknownStatus, unknownProblem) = await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/capabilities/{unknown}{path}");
            status.ShouldBe(404, path);
            unknownStatus.ShouldBe(404, path);
            ((string?)problem["code"]).ShouldBe((string?)unknownProblem["code"], path);
            ((string?)problem["detail"])!.Replace(otherOwner.ToString(), "ID", StringComparison.Ordinal)
                .ShouldBe(((string?)unknownProblem["detail"])!.Replace(unknown.ToString(), "ID", StringComparison.Ordinal), path);
        }

        // An account of the tenant itself, and one whose authority reaches in from an ancestor, may be asked about.
        (await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/capabilities/{world.Administrator}")).Status.ShouldBe(200);
        (await GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/capabilities/{world.PartnerOwner}")).Status.ShouldBe(200);
    }

    [Fact]
    public async Task a_parents_recycle_bin_does_not_list_a_deleted_child_that_kept_its_ancestors_out()
    {
        var world = await Installation.CreateAsync(fixture);
        var (closed, closedOwner) = await world.CreateTenantAsync(world.Partner, TenantKind.Customer, "Closed", "owner@closed.test", world.PartnerOwner);
        var (open, openOwner) = await world.CreateTenantAsync(world.Partner, TenantKind.Customer, "Open", "owner@open.test", world.PartnerOwner);
        await world.SendAsync(closedOwner, HttpMethod.Put, $"/tenants/{closed}/ancestor-access", new AncestorAccessChange(true, "Our data stays ours"));
        await world.SendAsync(closedOwner, HttpMethod.Post, $"/tenants/{closed}/delete", new TenantDeletion("Closed", "Contract ended"));
        await world.SendAsync(openOwner, HttpMethod.Post, $"/tenants/{open}/delete", new TenantDeletion("Open", "Contract ended"));

        var (status, bin) = await GetAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/recycle-bin");

        status.ShouldBe(200);
        var listed = bin.AsArray().Select(i => (string?)i!["id"]).ToList();
        listed.ShouldContain(open.ToString());
        listed.ShouldNotContain(closed.ToString());
    }

    private async Task<(int Status, JsonNode Body)> GetAsync(Installation world, Guid actor, string url, Guid? actAs = null)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenFor(actor));
        if (actAs is { } superuser)
        {
            request.Headers.Add("X-Act-As", superuser.ToString());
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text) ?? new JsonObject());
    }
}
