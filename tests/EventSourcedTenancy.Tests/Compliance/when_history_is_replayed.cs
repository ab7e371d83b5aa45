using System.Text.Json;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Compliance;

/// <summary>As-of answers are the fold of exactly the events up to the moment asked about.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_history_is_replayed(ServiceFixture fixture)
{
    private async Task<T> GetAsync<T>(Installation world, Guid actor, string url, int status = 200)
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(actor)}");
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });
        return status == 200 ? JsonSerializer.Deserialize<T>(await result.ReadAsTextAsync(), Installation.Json)! : default!;
    }

    [Fact]
    public async Task an_account_as_of_every_version_and_every_moment_is_the_fold_of_the_events_until_then()
    {
        var world = await Installation.CreateAsync(fixture);
        var account = world.Administrator;
        await world.SendAsync(world.CustomerOwner, HttpMethod.Put, $"/accounts/{account}/role", new RoleChange(RoleRef.Of(SystemRole.Operator)));
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{account}/deactivate");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{account}/reactivate");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Put, $"/accounts/{account}/workspace-roles/{world.Workspace}", new WorkspaceRoleChange(SystemRole.WorkspaceAdmin));
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{account}/promote-to-owner");

        await using var query = fixture.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(account);
        events.Count.ShouldBeGreaterThan(5);
        for (var version = 1; version <= events.Count; version++)
        {
            var expected = JsonSerializer.Serialize(Account.Fold(events.Take(version).Select(e => e.Data)), Installation.Json);

            var byVersion = await GetAsync<AsOfState<Account>>(world, world.Viewer, $"/accounts/{account}/as-of?version={version}");
            var at = Uri.EscapeDataString(events[version - 1].Timestamp.ToString("O"));
            var byMoment = await GetAsync<AsOfState<Account>>(world, world.Viewer, $"/accounts/{account}/as-of?at={at}");

            byVersion.Version.ShouldBe(version);
            JsonSerializer.Serialize(byVersion.State, Installation.Json).ShouldBe(expected, $"as of version {version}");
            byMoment.Version.ShouldBe(version);
            JsonSerializer.Serialize(byMoment.State, Installation.Json).ShouldBe(expected, $"as of {events[version - 1].Timestamp:O}");
        }
    }

    [Fact]
    public async Task who_could_delete_the_tenant_is_answered_for_before_and_after_a_promotion()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = DateTimeOffset.UtcNow;
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/promote-to-owner");
        var after = DateTimeOffset.UtcNow;

        var then = await GetAsync<List<CapabilitiesAt>>(world, world.Viewer, $"/tenants/{world.Customer}/who-held/DeleteTenant?at={Uri.EscapeDataString(before.ToString("O"))}");
        var now = await GetAsync<List<CapabilitiesAt>>(world, world.Viewer, $"/tenants/{world.Customer}/who-held/DeleteTenant?at={Uri.EscapeDataString(after.ToString("O"))}");

        then.Select(h => h.AccountId).ShouldBe([world.CustomerOwner, world.SecondOwner], ignoreOrder: true);
        now.Select(h => h.AccountId).ShouldBe([world.CustomerOwner, world.SecondOwner, world.Administrator], ignoreOrder: true);
    }

    [Fact]
    public async Task an_account_lost_its_capabilities_when_it_was_deactivated()
    {
        var world = await Installation.CreateAsync(fixture);
        var active = DateTimeOffset.UtcNow;
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/deactivate");
        var inactive = DateTimeOffset.UtcNow;

        var then = await GetAsync<CapabilitiesAt>(world, world.Viewer, $"/tenants/{world.Customer}/capabilities/{world.Administrator}?at={Uri.EscapeDataString(active.ToString("O"))}");
        var now = await GetAsync<CapabilitiesAt>(world, world.Viewer, $"/tenants/{world.Customer}/capabilities/{world.Administrator}?at={Uri.EscapeDataString(inactive.ToString("O"))}");

        then.Capabilities.ShouldContain(Capability.InviteMembers);
        now.Capabilities.ShouldBeEmpty();
    }

    [Fact]
    public async Task replaying_needs_authority_over_the_audit()
    {
        var world = await Installation.CreateAsync(fixture);

        await GetAsync<object>(world, world.User, $"/accounts/{world.Administrator}/as-of?version=1", status: 403);
        await GetAsync<object>(world, world.User, $"/tenants/{world.Customer}/who-held/DeleteTenant", status: 403);
    }

    [Fact]
    public async Task a_timeline_shows_each_change_with_its_envelope_and_field_level_difference()
    {
        var world = await Installation.CreateAsync(fixture);
        var start = DateTimeOffset.UtcNow;
        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.WithRequestHeader("X-Reason", "Incident 42");
            s.Post.Url($"/accounts/{world.Administrator}/deactivate");
        });
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/reactivate");

        var steps = await GetAsync<List<TimelineStep>>(world, world.Viewer, $"/accounts/{world.Administrator}/timeline?from={Uri.EscapeDataString(start.ToString("O"))}");

        steps.Select(s => s.Event).ShouldBe([nameof(AccountSetInactive), nameof(AccountReactivated)]);
        var deactivation = steps[0];
        deactivation.Actor.ShouldBe(world.CustomerOwner);
        deactivation.Role.ShouldBe("Owner");
        deactivation.Reason.ShouldBe("Incident 42");
        deactivation.Before.ShouldNotBeNull().GetProperty("state").GetString().ShouldBe("Active");
        deactivation.After.GetProperty("state").GetString().ShouldBe("Inactive");
        var difference = deactivation.Difference.ShouldNotBeNull();
        difference.GetProperty("state")[0].GetString().ShouldBe("Active");
        difference.GetProperty("state")[1].GetString().ShouldBe("Inactive");
        difference.TryGetProperty("email", out _).ShouldBeFalse("only the fields that changed are in the difference");
    }

    [Fact]
    public async Task the_periods_in_which_an_account_held_a_capability_follow_its_deactivation_and_reactivation()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/deactivate");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/reactivate");

        var periods = await GetAsync<List<CapabilityPeriod>>(world, world.Viewer, $"/tenants/{world.Customer}/capabilities/{world.Administrator}/history/InviteMembers");

        periods.Select(p => p.Held).ShouldBe([true, false, true]);
        periods[0].Until.ShouldBe(periods[1].From);
        periods[^1].Until.ShouldBeNull();
        await using var query = fixture.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(world.Administrator);
        periods[1].From.ShouldBe(events.Single(e => e.Data is AccountSetInactive).Timestamp);
        periods[2].From.ShouldBe(events.Single(e => e.Data is AccountReactivated).Timestamp);
    }
}
