using System.Text.Json;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tests.Infrastructure;
using EventSourcedTenancy.Users;

namespace EventSourcedTenancy.Tests.ReadModels;

[Collection(ServiceTestCollection.Name)]
public sealed class the_user_list(ServiceFixture fixture)
{
    private async Task<UserPage> ListAsync(Installation world, Guid actor, string url, int status = 200)
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(actor)}");
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });
        return status == 200 ? JsonSerializer.Deserialize<UserPage>(await result.ReadAsTextAsync(), Installation.Json)! : null!;
    }

    [Fact]
    public async Task shows_an_invitation_as_soon_as_the_command_returns()
    {
        var world = await Installation.CreateAsync(fixture);

        var invited = await world.InviteAsync("fresh@customer.test", SystemRole.Auditor);
        var page = await ListAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/users?q=fresh@customer");

        var row = page.Items.ShouldHaveSingleItem();
        row.Id.ShouldBe(invited);
        row.State.ShouldBe(AccountState.Invited);
        row.Role.ShouldBe("Auditor");
        row.Version.ShouldBe(1);
    }

    [Fact]
    public async Task filters_by_role_state_and_text_and_pages_in_order()
    {
        var world = await Installation.CreateAsync(fixture);

        var operators = await ListAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/users?role=Operator&sort=Email");
        // The deleted Operator is in the recycle bin, not in the list.
        operators.Items.Select(i => i.Email).ShouldBe(["inactive@customer.test", "invited@customer.test"]);

        var inactive = await ListAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/users?state=Inactive");
        inactive.Items.ShouldHaveSingleItem().Id.ShouldBe(world.InactiveAdmin);

        var all = await ListAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/users?sort=Email&pageSize=3");
        var second = await ListAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/users?sort=Email&pageSize=3&page=2");
        all.Total.ShouldBe(8, "the Customer's nine accounts but the deleted one");
        all.Items.Count.ShouldBe(3);
        var lastOfFirstPage = all.Items[^1].Email;
        second.Items.Select(i => i.Email).ShouldAllBe(e => string.CompareOrdinal(e, lastOfFirstPage) > 0);
    }

    [Fact]
    public async Task covers_the_subtree_where_the_caller_may_view_users()
    {
        var world = await Installation.CreateAsync(fixture);

        var partnerOnly = await ListAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/users");
        var subtree = await ListAsync(world, world.PartnerOwner, $"/tenants/{world.Partner}/users?subtree=true&pageSize=100");

        partnerOnly.Items.ShouldAllBe(i => i.TenantId == world.Partner);
        subtree.Tenants.ShouldContain(world.Customer);
        subtree.Items.ShouldContain(i => i.Id == world.CustomerOwner);
    }

    [Fact]
    public async Task is_refused_to_an_account_without_authority_over_users()
    {
        var world = await Installation.CreateAsync(fixture);

        await ListAsync(world, world.User, $"/tenants/{world.Customer}/users", status: 403);
    }
}
