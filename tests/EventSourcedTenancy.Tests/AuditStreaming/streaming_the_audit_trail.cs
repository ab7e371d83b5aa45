using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditReceiver;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Audit;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedTenancy.Tests.AuditStreaming;

/// <summary>
/// An audit stream delivering to the sample receiver (samples/AuditReceiver) on a real port: every entry of the
/// tenant's subtree arrives once, in sequence order, after the receiver was down for a while; the signatures
/// verify; a batch signed with another key is refused by the receiver.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class streaming_the_audit_trail(ServiceFixture fixture) : IAsyncLifetime
{
    private WebApplication receiverHost = null!;
    private Receiver? receiver;
    private volatile bool down;
    private int refusedWhileDown;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiverHost = builder.Build();
        receiverHost.MapPost("/audit", async (HttpRequest request) =>
        {
            if (down || receiver is null)
            {
                Interlocked.Increment(ref refusedWhileDown);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            return await receiver.HandleAsync(request);
        });
        await receiverHost.StartAsync();
    }

    public async Task DisposeAsync() => await receiverHost.DisposeAsync();

    private string Url => receiverHost.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/audit";

    [Fact]
    public async Task every_entry_of_the_subtree_arrives_once_in_order_after_the_receiver_was_down_and_a_wrong_key_is_refused()
    {
        var world = await Installation.CreateAsync(fixture);
        var (unit, unitOwner) = await world.CreateTenantAsync(world.Customer, TenantKind.Unit, "Sales unit", "owner@unit.test", world.CustomerOwner);
        var created = await SendAsync(world, world.Administrator, HttpMethod.Post, $"/tenants/{world.Customer}/audit-streams", new NewAuditStream("SIEM", Url));
        var secret = (string?)created["secret"];
        secret.ShouldNotBeNull();
        receiver = new Receiver(secret, TimeSpan.FromMinutes(5));

        // Commands in the tenant and below it, with the receiver down for a while in the middle.
        const int Commands = 300;
        for (var i = 0; i < Commands; i++)
        {
            if (i == 100)
            {
                down = true;
            }

            if (i == 200)
            {
                await WaitUntilAsync(() => refusedWhileDown > 0, "the stream tried the receiver while it was down");
                down = false;
            }

            await world.SendAsync(i % 3 == 0 ? unitOwner : world.CustomerOwner, HttpMethod.Post, $"/accounts/{(i % 3 == 0 ? unitOwner : world.User)}/password-reset");
        }

        await fixture.CatchUpAsync();
        long[] expected;
        await using (var session = fixture.Store.QuerySession())
        {
            var subtree = await AuditStreamQueries.SubtreeAsync(session, world.Customer, CancellationToken.None);
            subtree.ShouldContain(unit);
            expected = [.. (await AuditStreamQueries.EntriesAfter(session, subtree, 0).ToListAsync()).Select(e => e.Sequence)];
        }

        expected.Length.ShouldBeGreaterThan(Commands);
        await WaitUntilAsync(() => receiver.Entries.Count >= expected.Length, $"the receiver got {receiver.Entries.Count} of {expected.Length} entries", TimeSpan.FromSeconds(90));
        var received = receiver.Entries.Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
        received.ShouldBe(expected);
        receiver.Entries.ShouldContain(e => e.GetProperty("tenantId").GetGuid() == unit);
        refusedWhileDown.ShouldBeGreaterThan(0);

        // Where the stream stands, over the API: everything delivered, the failure remembered.
        var (status, streams) = await GetAsync(world, world.Viewer, $"/tenants/{world.Customer}/audit-streams");
        status.ShouldBe(200);
        var stream = streams.AsArray().Single()!;
        ((long)stream["lastDeliveredSequence"]!).ShouldBe(expected[^1]);
        ((long)stream["pending"]!).ShouldBe(0);
        ((string?)stream["lastError"]).ShouldNotBeNull().ShouldContain("503");
        stream.ToJsonString().ShouldNotContain(secret);

        // The receiver refuses a batch signed with another key, and one with a stale timestamp, and keeps nothing of them.
        var kept = receiver.Entries.Count;
        var body = JsonSerializer.Serialize(new { auditStreamId = Guid.NewGuid(), tenantId = world.Customer, entries = new[] { new { sequence = expected[^1] + 1000 } } });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        (await PostAsync(body, now, AuditStreamSignature.Sign("ests_not-the-stream-secret", now, body))).ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(body, now - 3600, AuditStreamSignature.Sign(secret, now - 3600, body))).ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(body, now, null)).ShouldBe(HttpStatusCode.Unauthorized);
        receiver.Entries.Count.ShouldBe(kept);
        (await PostAsync(body, now, AuditStreamSignature.Sign(secret, now, body))).ShouldBe(HttpStatusCode.NoContent);
        receiver.Entries.Count.ShouldBe(kept + 1);
    }

    [Fact]
    public async Task a_paused_stream_sends_nothing_and_resumes_where_it_stopped()
    {
        var world = await Installation.CreateAsync(fixture);
        var created = await SendAsync(world, world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/audit-streams", new NewAuditStream("SIEM", Url));
        receiver = new Receiver((string)created["secret"]!, TimeSpan.FromMinutes(5));
        await using (var session = fixture.Store.QuerySession())
        {
            var id = (await session.LoadAsync<Tenant>(world.Customer)).ShouldNotBeNull().AuditStreams.Single().Id;
            await fixture.CatchUpAsync();
            await WaitUntilAsync(() => receiver.Entries.Count > 0, "the first entries arrived");
            await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/audit-streams/{id}/pause");
            await fixture.CatchUpAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var before = receiver.Entries.Count;
            for (var i = 0; i < 5; i++)
            {
                await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.User}/password-reset");
            }

            await fixture.CatchUpAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            receiver.Entries.Count.ShouldBe(before);

            await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/audit-streams/{id}/resume");
            await fixture.CatchUpAsync();
            await WaitUntilAsync(() => receiver.Entries.Any(e => e.GetProperty("eventType").GetString() == "AuditStreamResumed"), "the entries after the pause arrived");
            receiver.Entries.Select(e => e.GetProperty("sequence").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
            receiver.Entries.Count(e => e.GetProperty("eventType").GetString() == "PasswordResetRequested").ShouldBe(5);
        }
    }

    private async Task<HttpStatusCode> PostAsync(string body, long timestamp, string? signature)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(AuditStreamSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (signature is not null)
        {
            request.Headers.Add(AuditStreamSignature.SignatureHeader, signature);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }

    private async Task<JsonNode> SendAsync(Installation world, Guid actor, HttpMethod method, string url, object body)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(JsonSerializer.Serialize(body, Installation.Json), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenFor(actor));
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!;
    }

    private async Task<(int Status, JsonNode Body)> GetAsync(Installation world, Guid actor, string url)
    {
        var (status, body) = await fixture.GetAsync(world, actor, url);
        return (status, JsonNode.Parse(body)!);
    }
}
