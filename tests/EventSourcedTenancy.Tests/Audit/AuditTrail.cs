using System.Text.Json;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten;
using Marten.Events;

namespace EventSourcedTenancy.Tests.Audit;

/// <summary>What the audit tests share: waiting for the async daemon, and reading the trail over HTTP.</summary>
public static class AuditTrail
{
    public static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Waits until the async daemon has projected every event stored so far.</summary>
    public static Task CatchUpAsync(this ServiceFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        return fixture.Host.WaitForNonStaleProjectionDataAsync(CatchUpTimeout);
    }

    /// <summary>Every entry, read straight from the store, in sequence order.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AllEntriesAsync(this ServiceFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        await using var session = fixture.Store.QuerySession();
        return await session.Query<AuditEntry>().OrderBy(x => x.Sequence).ToListAsync();
    }

    /// <summary>GETs <paramref name="url"/> as <paramref name="actor"/>; returns the status code and the body.</summary>
    public static async Task<(int Status, string Body)> GetAsync(this ServiceFixture fixture, Installation world, Guid actor, string url)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(world);
        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(actor)}");
            s.Get.Url(url);
            s.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    }

    public static async Task<T> GetJsonAsync<T>(this ServiceFixture fixture, Installation world, Guid actor, string url)
    {
        var (status, body) = await fixture.GetAsync(world, actor, url);
        status.ShouldBe(200, body);
        return JsonSerializer.Deserialize<T>(body, Installation.Json) ?? throw new InvalidOperationException($"{url} returned no body.");
    }
}
