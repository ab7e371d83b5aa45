using Alba;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Audit;

/// <summary>The audit trail holds one entry per event, with the full envelope and a readable summary, chained by hash.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_commands_are_audited(ServiceFixture fixture)
{
    [Fact]
    public async Task every_event_has_one_entry_with_its_envelope_and_a_summary()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.WithRequestHeader("X-Reason", "Left the company");
            s.WithRequestHeader("X-Correlation-Id", "offboarding-42");
            s.Post.Url($"/accounts/{world.Administrator}/deactivate");
            s.StatusCodeShouldBeOk();
        });

        await fixture.CatchUpAsync();

        var entries = await fixture.AllEntriesAsync();
        entries.Count.ShouldBe((int)await fixture.CountEventsAsync());
        entries.Select(e => e.EventId).Distinct().Count().ShouldBe(entries.Count);
        var deactivation = entries.Single(e => e.EventType == "AccountSetInactive" && e.Target == world.Administrator);
        deactivation.Actor.ShouldBe(world.CustomerOwner);
        deactivation.ActingAs.ShouldBeNull();
        deactivation.Role.ShouldBe("Owner");
        deactivation.Authority.ShouldBe("Home");
        deactivation.Source.ShouldBe("Http");
        deactivation.TenantId.ShouldBe(world.Customer);
        deactivation.ActorTenantId.ShouldBe(world.Customer);
        deactivation.Reason.ShouldBe("Left the company");
        deactivation.CorrelationId.ShouldBe("offboarding-42");
        deactivation.CausationId.ShouldNotBeNullOrEmpty();
        deactivation.Operation.ShouldBe("SetAdminInactive");
        deactivation.StreamKind.ShouldBe(StreamKind.Account);
        deactivation.StreamId.ShouldBe(world.Administrator);
        deactivation.StreamVersion.ShouldBe(await world.VersionOfAsync(world.Administrator));
        deactivation.Summary.ShouldBe($"Owner {world.CustomerOwner} set account {world.Administrator} inactive: Left the company");

        // The time is the event's own.
        await using var query = fixture.Store.QuerySession();
        var stored = (await query.Events.FetchStreamAsync(world.Administrator))[^1];
        deactivation.Timestamp.ShouldBe(stored.Timestamp);
        deactivation.Sequence.ShouldBe(stored.Sequence);

        // The installation's own bootstrap is attributed to no person.
        var first = entries[0];
        first.EventType.ShouldBe("TenantCreated");
        first.Actor.ShouldBeNull();
        first.Summary.ShouldStartWith("The installation created the Infrastructure tenant");

        // Chained in sequence order from the genesis value.
        first.PreviousHash.ShouldBe(AuditChain.Genesis);
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].Sequence.ShouldBeGreaterThan(entries[i - 1].Sequence);
            entries[i].PreviousHash.ShouldBe(entries[i - 1].Hash);
            entries[i].Hash.ShouldBe(AuditChain.HashOf(entries[i]));
        }
    }

    [Fact]
    public async Task impersonation_records_both_identities()
    {
        var world = await Installation.CreateAsync(fixture);
        var operatorId = await world.ImpersonatingOperatorAsync();
        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(operatorId)}");
            s.WithRequestHeader("X-Act-As", world.Superuser.ToString());
            s.Post.Url($"/accounts/{world.User}/password-reset");
            s.StatusCodeShouldBeOk();
        });
        await fixture.CatchUpAsync();

        var page = await fixture.GetJsonAsync<AuditPage>(world, world.CustomerOwner, $"/tenants/{world.Customer}/audit?actingAs={world.Superuser}");
        var reset = page.Entries.ShouldHaveSingleItem();
        reset.Actor.ShouldBe(operatorId);
        reset.ActingAs.ShouldBe(world.Superuser);
        reset.Authority.ShouldBe("Impersonation");
        reset.Target.ShouldBe(world.User);
        reset.Summary.ShouldBe($"Account {operatorId} acting as Owner {world.Superuser} requested a password reset for account {world.User}");
    }

    [Fact]
    public async Task an_account_event_caused_in_another_tenant_shows_in_both_trails()
    {
        var world = await Installation.CreateAsync(fixture);
        // The customer's Owner grants the superuser (an Infrastructure account) a privilege in the customer.
        await world.SendAsync(world.CustomerOwner, HttpMethod.Put, $"/accounts/{world.Superuser}/function-privileges",
            new FunctionPrivilegeChange(world.Customer, FunctionPrivilege.UserAdministrator));
        await fixture.CatchUpAsync();

        var infrastructure = CreateInstallation.InfrastructureTenantId;
        var inCustomer = await fixture.GetJsonAsync<AuditPage>(world, world.CustomerOwner, $"/tenants/{world.Customer}/audit?operation=FunctionPrivilegeGranted");
        var inInfrastructure = await fixture.GetJsonAsync<AuditPage>(world, world.Superuser, $"/tenants/{infrastructure}/audit?operation=FunctionPrivilegeGranted");

        var grant = inCustomer.Entries.ShouldHaveSingleItem();
        grant.TenantId.ShouldBe(infrastructure);
        grant.ActorTenantId.ShouldBe(world.Customer);
        grant.Summary.ShouldBe($"Owner {world.CustomerOwner} granted the UserAdministrator privilege in tenant {world.Customer} to account {world.Superuser}");
        inInfrastructure.Entries.Select(e => e.Sequence).ShouldContain(grant.Sequence);
    }
}
