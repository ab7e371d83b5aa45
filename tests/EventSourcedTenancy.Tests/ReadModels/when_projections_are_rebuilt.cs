using System.Text.Json;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.RecycleBin;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;
using EventSourcedTenancy.Users;
using Marten;

namespace EventSourcedTenancy.Tests.ReadModels;

/// <summary>The documents are a function of the events: rebuilding them from the events gives the same documents.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_projections_are_rebuilt(ServiceFixture fixture)
{
    [Fact]
    public async Task tenants_accounts_users_and_the_recycle_bin_come_back_identical()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Manager}/delete");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.DeletedAdmin}/erase");
        await world.SendAsync(world.PartnerOwner, HttpMethod.Put, $"/tenants/{world.Partner}/branding", new BrandingChange("Partner", null, null));

        var before = await SnapshotAsync();
        before.Values.ShouldAllBe(documents => documents.Count > 0);

        using var daemon = await fixture.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<TenantProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
        await daemon.RebuildProjectionAsync<AccountProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
        await daemon.RebuildProjectionAsync<UserViewProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
        await daemon.RebuildProjectionAsync<RecycleBinProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);

        var after = await SnapshotAsync();
        foreach (var (type, documents) in before)
        {
            var changed = documents.Except(after[type]).ToList();
            changed.ShouldBeEmpty($"{type} documents differ after the rebuild: {string.Join(Environment.NewLine, changed)}{Environment.NewLine}now: {string.Join(Environment.NewLine, after[type].Except(documents))}");
            after[type].Count.ShouldBe(documents.Count, $"{type} documents were added or lost");
        }
    }

    private async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        await using var query = fixture.Store.QuerySession();
        static List<string> Json<T>(IEnumerable<T> documents) => [.. documents.Select(d => JsonSerializer.Serialize(d, Installation.Json))];
        return new Dictionary<string, List<string>>
        {
            [nameof(Tenant)] = Json((await query.Query<Tenant>().ToListAsync()).OrderBy(d => d.Id)),
            [nameof(Account)] = Json((await query.Query<Account>().ToListAsync()).OrderBy(d => d.Id)),
            [nameof(UserView)] = Json((await query.Query<UserView>().ToListAsync()).OrderBy(d => d.Id)),
            [nameof(RecycleBinItem)] = Json((await query.Query<RecycleBinItem>().ToListAsync()).OrderBy(d => d.Id)),
        };
    }
}
