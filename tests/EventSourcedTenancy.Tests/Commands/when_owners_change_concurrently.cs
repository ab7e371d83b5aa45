using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten;

namespace EventSourcedTenancy.Tests.Commands;

/// <summary>
/// Twenty promotions and demotions race on one tenant, including the two Owners demoting each other.
/// The tenant stream's version serializes every change to the owner set, so the tenant keeps an active
/// Owner, its owner set matches its accounts, and every accepted change is in the store.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_owners_change_concurrently(ServiceFixture fixture)
{
    [Fact]
    public async Task at_least_one_owner_remains_and_no_accepted_change_is_lost()
    {
        var world = await Installation.CreateAsync(fixture);
        var admins = new List<Guid>();
        for (var i = 0; i < 9; i++)
        {
            admins.Add(await world.ActiveAdminAsync($"racer{i}@customer.test", SystemRole.Administrator));
        }

        var requests = new List<(Guid Actor, HttpMethod Method, string Url, object? Body)>
        {
            (world.CustomerOwner, HttpMethod.Put, $"/accounts/{world.SecondOwner}/role", new RoleChange(RoleRef.Of(SystemRole.Administrator))),
            (world.SecondOwner, HttpMethod.Put, $"/accounts/{world.CustomerOwner}/role", new RoleChange(RoleRef.Of(SystemRole.Administrator))),
        };
        foreach (var admin in admins)
        {
            requests.Add((world.CustomerOwner, HttpMethod.Post, $"/accounts/{admin}/promote-to-owner", null));
            requests.Add((world.SecondOwner, HttpMethod.Put, $"/accounts/{admin}/role", new RoleChange(RoleRef.Of(SystemRole.Operator))));
        }

        requests.Count.ShouldBe(20);
        var before = await fixture.CountEventsAsync();
        using var client = fixture.Host.Server.CreateClient();
        var outcomes = await Task.WhenAll(requests.Select(async request =>
        {
            using var message = new HttpRequestMessage(request.Method, request.Url);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenFor(request.Actor));
            if (request.Body is not null)
            {
                message.Content = JsonContent.Create(request.Body, request.Body.GetType(), options: Installation.Json);
            }

            using var response = await client.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode ? JsonSerializer.Deserialize<CommandOutcome>(text, Installation.Json)! : null;
        }));

        var accepted = outcomes.Where(o => o is not null).Select(o => o!).ToList();
        accepted.ShouldNotBeEmpty();

        // No accepted change lost, no refused change written: the store grew by exactly the accepted events.
        (await fixture.CountEventsAsync() - before).ShouldBe(accepted.Sum(o => o.Events.Count));

        await using var query = fixture.Store.QuerySession();
        var tenant = (await query.LoadAsync<Tenant>(world.Customer)).ShouldNotBeNull();
        var accounts = await query.Query<Account>().Where(a => a.TenantId == world.Customer).ToListAsync();
        var activeOwners = accounts.Where(a => a.IsActiveOwner).Select(a => a.Id).ToHashSet();

        activeOwners.ShouldNotBeEmpty("the tenant was left without an active Owner");
        tenant.ActiveOwners.ToHashSet().SetEquals(activeOwners).ShouldBeTrue("the tenant's owner set disagrees with its accounts");

        // The folded streams agree with the documents: nothing was half-written.
        foreach (var account in accounts)
        {
            var events = await query.Events.FetchStreamAsync(account.Id);
            JsonSerializer.Serialize(Account.Fold(events.Select(e => e.Data)), Installation.Json)
                .ShouldBe(JsonSerializer.Serialize(account, Installation.Json), $"account {account.Email}");
        }
    }
}
