using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Audit;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace EventSourcedTenancy.Tests.Applications;

/// <summary>
/// Applications through the real service (docs/applications.md): registered, edited, disabled, deleted to the
/// recycle bin and restored; client secrets shown once, kept as hashes, rotated with a grace period, and found
/// nowhere in the database in plain.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class applications_of_a_tenant(ServiceFixture fixture)
{
    [Fact]
    public async Task a_client_secret_is_shown_once_kept_only_as_its_hash_and_found_nowhere_in_the_database()
    {
        var world = await Installation.CreateAsync(fixture);
        var (status, registered) = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/applications",
            new NewApplication("Storefront", ApplicationKind.Web, ["https://shop.customer.test/callback"]));
        status.ShouldBe(201);
        var id = Guid.Parse(registered["streamVersions"]!.AsObject().Single().Key);
        var first = (string?)registered["secret"];
        first.ShouldNotBeNull().ShouldStartWith(ClientSecrets.Prefix);
        first.Length.ShouldBeGreaterThanOrEqualTo(40);

        var (_, rotated) = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/applications/{id}/secrets/rotate", new SecretRotation("Yearly rotation", 48));
        var second = (string?)rotated["secret"];
        second.ShouldNotBeNull().ShouldNotBe(first);

        var (readStatus, read) = await SendAsync(world, world.Viewer, HttpMethod.Get, $"/applications/{id}", null);
        readStatus.ShouldBe(200);
        read.ToJsonString().ShouldNotContain(first);
        read.ToJsonString().ShouldNotContain(second);
        read.ToJsonString().ShouldNotContain(ClientSecrets.Hash(second), Case.Insensitive);
        var secrets = read["value"]!["secrets"]!.AsArray();
        secrets.Count.ShouldBe(2);

        (await SendAsync(world, world.Administrator, HttpMethod.Post, $"/applications/{id}/delete", new Reasoned("Replaced"))).Status.ShouldBe(200);

        // The scan finds what is there (the hash in the events, the name), and not the secrets.
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, ClientSecrets.Hash(second))).ShouldNotBeEmpty();
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, "Storefront")).ShouldNotBeEmpty();
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, first)).ShouldBeEmpty();
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, second)).ShouldBeEmpty();
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, first[ClientSecrets.Prefix.Length..])).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_rotation_keeps_the_previous_secret_valid_for_its_grace_period_and_records_who_and_why()
    {
        var world = await Installation.CreateAsync(fixture);
        var (_, registered) = await SendAsync(world, world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/applications",
            new NewApplication("Billing", ApplicationKind.MachineToMachine, null));
        var id = Guid.Parse(registered["streamVersions"]!.AsObject().Single().Key);
        var first = (string)registered["secret"]!;
        var operatorId = await world.ActiveAdminAsync("operator@customer.test", SystemRole.Operator);

        var before = DateTimeOffset.UtcNow;
        var (status, rotated) = await SendAsync(world, operatorId, HttpMethod.Post, $"/applications/{id}/secrets/rotate", new SecretRotation("Key leaked in a log", 2));
        status.ShouldBe(200);
        var second = (string)rotated["secret"]!;
        var (_, again) = await SendAsync(world, operatorId, HttpMethod.Post, $"/applications/{id}/secrets/rotate", new SecretRotation("Second leak", 0));
        var third = (string)again["secret"]!;

        await using var session = fixture.Store.QuerySession();
        var application = (await session.LoadAsync<Application>(id)).ShouldNotBeNull();
        var now = DateTimeOffset.UtcNow;
        // The first secret ended when the second rotation began; the second ends at once (grace 0); the third is current.
        ClientSecrets.Matches(application, first, now).ShouldBeFalse();
        ClientSecrets.Matches(application, second, now.AddSeconds(1)).ShouldBeFalse();
        ClientSecrets.Matches(application, third, now.AddYears(1)).ShouldBeTrue();
        ClientSecrets.Matches(application, "ests_" + new string('A', 43), now).ShouldBeFalse();

        // After the first rotation alone, the first secret was valid for 2 hours.
        var events = await session.Events.FetchStreamAsync(id);
        var firstRotation = events.Select(e => e.Data).OfType<ApplicationSecretRotated>().First();
        firstRotation.PreviousValidUntil.ShouldBeInRange(before.AddHours(2).AddSeconds(-5), now.AddHours(2).AddSeconds(5));
        var afterFirst = Application.Fold(Application.Fold(null, events[0].Data), events[1].Data);
        ClientSecrets.Matches(afterFirst, first, firstRotation.PreviousValidUntil.AddMinutes(-1)).ShouldBeTrue();
        ClientSecrets.Matches(afterFirst, first, firstRotation.PreviousValidUntil.AddMinutes(1)).ShouldBeFalse();
        ClientSecrets.Matches(afterFirst, second, now).ShouldBeTrue();

        // Who rotated it and why, in the audit trail.
        var entries = await AuditAsync(world, id);
        var entry = entries.First(e => (string?)e["eventType"] == nameof(ApplicationSecretRotated));
        ((string?)entry["actor"]).ShouldBe(operatorId.ToString());
        ((string?)entry["reason"]).ShouldBe("Key leaked in a log");
        ((string?)entry["summary"]).ShouldNotBeNull().ShouldContain("rotated the client secret");
    }

    [Fact]
    public async Task a_repeat_does_not_show_the_secret_again_and_a_public_client_has_none()
    {
        var world = await Installation.CreateAsync(fixture);
        var key = Guid.NewGuid().ToString();
        var body = new NewApplication("Portal", ApplicationKind.Web, ["https://portal.customer.test/cb"]);
        var (status, first) = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/applications", body, key);
        status.ShouldBe(201);
        ((string?)first["secret"]).ShouldNotBeNull();
        var events = await fixture.CountEventsAsync();
        var (repeatStatus, repeat) = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/applications", body, key);
        repeatStatus.ShouldBe(200);
        ((bool?)repeat["repeated"]).ShouldBe(true);
        repeat["secret"].ShouldBeNull();
        (await fixture.CountEventsAsync()).ShouldBe(events);

        var (_, spa) = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/applications",
            new NewApplication("Dashboard", ApplicationKind.SinglePage, ["https://dash.customer.test/cb", "http://localhost:5173/cb"]));
        spa["secret"].ShouldBeNull();
        var spaId = Guid.Parse(spa["streamVersions"]!.AsObject().Single().Key);
        events = await fixture.CountEventsAsync();
        var (refusedStatus, refused) = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/applications/{spaId}/secrets/rotate", new SecretRotation("Routine", null));
        refusedStatus.ShouldBe(409);
        ((string?)refused["code"]).ShouldBe("public_client");
        (await fixture.CountEventsAsync()).ShouldBe(events);
    }

    [Theory]
    [InlineData("""{"name":"","kind":"Web","redirectUris":[]}""", "invalid_name")]
    [InlineData("""{"name":"M2M","kind":"MachineToMachine","redirectUris":["https://a.test/cb"]}""", "invalid_application")]
    [InlineData("""{"name":"Web","kind":"Web","redirectUris":["http://evil.test/cb"]}""", "invalid_application")]
    [InlineData("""{"name":"Web","kind":"Web","redirectUris":["https://a.test/cb#x"]}""", "invalid_application")]
    [InlineData("""{"name":"Web","kind":"Web","redirectUris":["https://a.test/cb","https://a.test/cb"]}""", "invalid_application")]
    [InlineData("""{"name":"Web","kind":"Web","redirectUris":["/relative"]}""", "invalid_application")]
    [InlineData("""{"name":"Web","kind":"Web","redirectUris":["https://user:pw@a.test/cb"]}""", "invalid_application")]
    [InlineData("""{"name":"Web","kind":3,"redirectUris":[]}""", "invalid_enum")]
    [InlineData("""{"name":"Web","kind":"Server","redirectUris":[]}""", "invalid_enum")]
    [InlineData("""{"name":"Web","redirectUris":[]}""", "missing_field")]
    [InlineData("""{"name":"Web","kind":"Web","redirectUris":[],"secretRecipientKey":"bm90IGEga2V5"}""", "invalid_recipient_key")]
    public async Task a_registration_with_bad_input_is_refused_with_its_code_and_writes_nothing(string body, string code)
    {
        var world = await Installation.CreateAsync(fixture);
        var events = await fixture.CountEventsAsync();
        var (status, problem) = await SendRawAsync(world, world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/applications", body);
        status.ShouldBe(400, problem.ToJsonString());
        ((string?)problem["code"]).ShouldBe(code);
        ((string?)problem["detail"]).ShouldNotBeNullOrWhiteSpace();
        (await fixture.CountEventsAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task a_deleted_application_waits_in_the_recycle_bin_and_comes_back_as_it_was()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.ApplicationAsync();
        var id = world.Application;
        await world.SendAsync(world.Administrator, HttpMethod.Post, $"/applications/{id}/disable", new Reasoned("Audit finding"));
        await world.SendAsync(world.Administrator, HttpMethod.Post, $"/applications/{id}/delete", new Reasoned("No longer used"));

        var (_, bin) = await SendAsync(world, world.Administrator, HttpMethod.Get, $"/tenants/{world.Customer}/recycle-bin", null);
        var item = bin.AsArray().Single(i => (string?)i!["id"] == id.ToString())!;
        ((string?)item["kind"]).ShouldBe("Application");
        ((string?)item["reason"]).ShouldBe("No longer used");
        ((string?)item["restore"]).ShouldBe($"/applications/{id}/restore");
        var (_, listed) = await SendAsync(world, world.Viewer, HttpMethod.Get, $"/tenants/{world.Customer}/applications", null);
        listed["items"]!.AsArray().ShouldBeEmpty();
        var (_, deletedList) = await SendAsync(world, world.Viewer, HttpMethod.Get, $"/tenants/{world.Customer}/applications?deleted=true", null);
        deletedList["items"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(id.ToString());

        // Deleted: nothing but a restore.
        var events = await fixture.CountEventsAsync();
        var (editStatus, edit) = await SendAsync(world, world.Administrator, HttpMethod.Put, $"/applications/{id}", new ApplicationChange("X", []));
        editStatus.ShouldBe(409);
        ((string?)edit["code"]).ShouldBe("application_state");
        (await fixture.CountEventsAsync()).ShouldBe(events);

        await world.SendAsync(world.Administrator, HttpMethod.Post, $"/applications/{id}/restore");
        var (_, restored) = await SendAsync(world, world.Viewer, HttpMethod.Get, $"/applications/{id}", null);
        ((bool?)restored["value"]!["deleted"]).ShouldBe(false);
        ((bool?)restored["value"]!["enabled"]).ShouldBe(false);
        ((string?)restored["value"]!["name"]).ShouldBe("Storefront");
        var (_, binAfter) = await SendAsync(world, world.Administrator, HttpMethod.Get, $"/tenants/{world.Customer}/recycle-bin", null);
        binAfter.AsArray().ShouldNotContain(i => (string?)i!["id"] == id.ToString());
        var (_, again) = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/applications/{id}/restore", null);
        ((string?)again["code"]).ShouldBe("application_state");
    }

    [Fact]
    public async Task over_the_bus_a_secret_travels_only_encrypted_to_the_sender_and_never_rests_in_the_database()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.ApplicationAsync();

        using var rsa = RSA.Create(2048);
        var publicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        var outcome = await BusAsync(world, new RotateApplicationSecret(world.Application, "Rotation from the deployment pipeline", null, publicKey));
        outcome.Accepted.ShouldBeTrue(outcome.Message);
        outcome.Secret.ShouldBeNull();
        outcome.SecretPickup.ShouldBeNull();
        var secret = Encoding.UTF8.GetString(rsa.Decrypt(Convert.FromBase64String(outcome.EncryptedSecret.ShouldNotBeNull()), RSAEncryptionPadding.OaepSHA256));
        secret.ShouldStartWith(ClientSecrets.Prefix);

        await using var session = fixture.Store.QuerySession();
        var application = (await session.LoadAsync<Application>(world.Application)).ShouldNotBeNull();
        ClientSecrets.Matches(application, secret, DateTimeOffset.UtcNow.AddYears(1)).ShouldBeTrue();
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, secret)).ShouldBeEmpty();
    }

    [Fact]
    public async Task over_the_bus_without_a_key_the_secret_is_kept_sealed_for_the_sender_to_pick_up_once_over_https()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.ApplicationAsync();

        var outcome = await BusAsync(world, new RotateApplicationSecret(world.Application, "Rotation from the deployment pipeline", null, null));
        outcome.Accepted.ShouldBeTrue(outcome.Message);
        outcome.Secret.ShouldBeNull();
        outcome.EncryptedSecret.ShouldBeNull();
        var pickup = outcome.SecretPickup.ShouldNotBeNull();
        pickup.ShouldStartWith("/secret-pickups/");

        // Another account cannot take it, and learns nothing.
        var (otherStatus, other) = await SendAsync(world, world.CustomerOwner, HttpMethod.Post, pickup, null);
        otherStatus.ShouldBe(404);
        ((string?)other["code"]).ShouldBe("secret_pickup_not_found");

        var (status, taken) = await SendAsync(world, world.Administrator, HttpMethod.Post, pickup, null);
        status.ShouldBe(200, taken.ToJsonString());
        var secret = (string)taken["secret"]!;
        await using (var session = fixture.Store.QuerySession())
        {
            ClientSecrets.Matches((await session.LoadAsync<Application>(world.Application)).ShouldNotBeNull(), secret, DateTimeOffset.UtcNow.AddYears(1)).ShouldBeTrue();
        }

        (await SendAsync(world, world.Administrator, HttpMethod.Post, pickup, null)).Status.ShouldBe(404);
        (await DatabaseScan.WhereAsync(fixture.ConnectionString, secret)).ShouldBeEmpty();
    }

    private Task<CommandOutcome> BusAsync(Installation world, object command) =>
        fixture.Host.MessageBus().EndpointFor(fixture.Host.Services.GetRequiredService<ServiceSettings>().CommandQueueUri)
            .InvokeAsync<CommandOutcome>(command, CommandMetadata.Delivery(world.TokenFor(world.Administrator), "deployments"), timeout: TimeSpan.FromSeconds(20));

    private async Task<IReadOnlyList<JsonNode>> AuditAsync(Installation world, Guid target)
    {
        await fixture.CatchUpAsync();
        var (status, page) = await SendAsync(world, world.CustomerOwner, HttpMethod.Get, $"/tenants/{world.Customer}/audit?target={target}", null);
        status.ShouldBe(200, page.ToJsonString());
        return [.. page["entries"]!.AsArray().Select(e => e!)];
    }

    private Task<(int Status, JsonNode Body)> SendAsync(Installation world, Guid actor, HttpMethod method, string url, object? body, string? idempotencyKey = null) =>
        SendRawAsync(world, actor, method, url, body is null ? null : JsonSerializer.Serialize(body, Installation.Json), idempotencyKey);

    private async Task<(int Status, JsonNode Body)> SendRawAsync(Installation world, Guid actor, HttpMethod method, string url, string? body, string? idempotencyKey = null)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenFor(actor));
        if (idempotencyKey is not null)
        {
            request.Headers.Add(CommandMetadata.IdempotencyKeyHeader, idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }
}
