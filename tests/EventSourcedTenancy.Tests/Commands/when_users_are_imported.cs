using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace EventSourcedTenancy.Tests.Commands;

/// <summary>Seed 003 "Bulk import / export users": one command for many accounts, over HTTP and the bus, all or none.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_users_are_imported(ServiceFixture fixture)
{
    private static List<ImportedUser> Rows(string batch, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ImportedUser($"import-{batch}-{i}@example.com", "Imported", $"User{i}"))];

    private static StringContent Body(IEnumerable<ImportedUser> users) =>
        new(JsonSerializer.Serialize(new UserImport([.. users.Select(u => new NewUser(u.Email, u.FirstName, u.LastName))]), Installation.Json), Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> PostAsync(Guid tenant, Guid actor, HttpContent body, Installation world)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/tenants/{tenant}/users/import") { Content = body };
        request.Headers.Authorization = new("Bearer", world.TokenFor(actor));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task two_thousand_rows_over_http_become_two_thousand_active_user_accounts_in_one_command()
    {
        var world = await Installation.CreateAsync(fixture);
        var batch = Guid.NewGuid().ToString("N");
        var rows = Rows(batch, 2000);
        var before = await fixture.CountEventsAsync();

        using var response = await PostAsync(world.Customer, world.CustomerOwner, Body(rows), world);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        var outcome = JsonSerializer.Deserialize<CommandOutcome>(text, CommandJson.Options).ShouldNotBeNull();
        outcome.Accepted.ShouldBeTrue();
        outcome.StreamVersions.Count.ShouldBe(2000);
        outcome.StreamVersions.Values.ShouldAllBe(v => v == 1);
        outcome.Events.ShouldAllBe(e => e == nameof(UserCreated));
        (await fixture.CountEventsAsync()).ShouldBe(before + 2000);

        await using var session = fixture.Store.QuerySession();
        var accounts = await session.Query<Account>().Where(a => a.TenantId == world.Customer && a.Email!.StartsWith($"import-{batch}-")).ToListAsync();
        accounts.Count.ShouldBe(2000);
        accounts.ShouldAllBe(a => a.State == AccountState.Active && a.Kind == AccountKind.User && outcome.StreamVersions.ContainsKey(a.Id));
        accounts.Select(a => a.Email).ShouldBe(rows.Select(r => r.Email), ignoreOrder: true);
    }

    [Fact]
    public async Task a_batch_with_bad_rows_writes_nothing_and_names_every_bad_row()
    {
        var world = await Installation.CreateAsync(fixture);
        var taken = (await fixture.Store.QuerySession().LoadAsync<Account>(world.User)).ShouldNotBeNull().Email!;
        var rows = Rows(Guid.NewGuid().ToString("N"), 5);
        rows[1] = rows[1] with { Email = "not-an-email" };
        rows[3] = rows[3] with { Email = taken };
        rows[4] = rows[4] with { Email = rows[0].Email.ToUpperInvariant() };
        var before = await fixture.CountEventsAsync();

        using var response = await PostAsync(world.Customer, world.CustomerOwner, Body(rows), world);

        ((int)response.StatusCode).ShouldBe(400);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync()).ShouldNotBeNull();
        ((string?)problem["code"]).ShouldBe(RejectionCodes.InvalidRows);
        var detail = ((string?)problem["detail"]).ShouldNotBeNull();
        detail.ShouldStartWith("3 of 5 rows were refused and nothing was imported");
        detail.ShouldContain($"users[1] {RejectionCodes.InvalidEmail}");
        detail.ShouldContain($"users[3] {RejectionCodes.EmailInUse}");
        detail.ShouldContain($"users[4] {RejectionCodes.DuplicateEmail}");
        (await fixture.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_role_without_bulk_import_is_refused_and_more_than_five_thousand_rows_or_a_megabyte_are_refused_before_anything_is_read()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();

        using (var manager = await PostAsync(world.Customer, world.Manager, Body(Rows(Guid.NewGuid().ToString("N"), 2)), world))
        {
            ((int)manager.StatusCode).ShouldBe(403);
            ((string?)JsonNode.Parse(await manager.Content.ReadAsStringAsync())!["code"]).ShouldBe(RejectionCodes.MissingCapability);
        }

        using (var tooMany = await PostAsync(world.Customer, world.CustomerOwner, Body(Rows("many", ImportUsers.MaxUsers + 1)), world))
        {
            ((int)tooMany.StatusCode).ShouldBe(400);
            ((string?)JsonNode.Parse(await tooMany.Content.ReadAsStringAsync())!["detail"]).ShouldNotBeNull().ShouldContain($"more than {ImportUsers.MaxUsers} items");
        }

        var huge = Rows("huge", 1).Select(r => r with { LastName = new string('x', 300) }).ToList();
        using (var tooLarge = await PostAsync(world.Customer, world.CustomerOwner, Body(Enumerable.Repeat(huge[0], 4000)), world))
        {
            ((int)tooLarge.StatusCode).ShouldBe(413);
            ((string?)JsonNode.Parse(await tooLarge.Content.ReadAsStringAsync())!["code"]).ShouldBe("body_too_large");
        }

        (await fixture.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task over_the_bus_a_batch_is_one_command_with_one_reply_and_a_repeat_writes_nothing()
    {
        var world = await Installation.CreateAsync(fixture);
        var settings = fixture.Host.Services.GetRequiredService<ServiceSettings>();
        var bus = fixture.Host.MessageBus().EndpointFor(settings.CommandQueueUri);
        var command = new ImportUsers(world.Customer, Rows(Guid.NewGuid().ToString("N"), 500));
        var delivery = CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "tests");
        delivery.WithHeader(BusHeaders.IdempotencyKey, Guid.NewGuid().ToString());
        var before = await fixture.CountEventsAsync();

        var first = await bus.InvokeAsync<CommandOutcome>(command, delivery, timeout: TimeSpan.FromSeconds(60));
        var afterFirst = await fixture.CountEventsAsync();
        var repeat = await bus.InvokeAsync<CommandOutcome>(command, delivery, timeout: TimeSpan.FromSeconds(60));

        first.Accepted.ShouldBeTrue(first.Message);
        first.StreamVersions.Count.ShouldBe(500);
        afterFirst.ShouldBe(before + 500);
        repeat.Repeated.ShouldBeTrue();
        repeat.StreamVersions.Keys.ShouldBe(first.StreamVersions.Keys, ignoreOrder: true);
        (await fixture.CountEventsAsync()).ShouldBe(afterFirst);
    }
}
