using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Observability;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Audit;
using EventSourcedTenancy.Tests.Infrastructure;
using EventSourcedTenancy.Users;
using JasperFx.Events;
using Marten;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace EventSourcedTenancy.Tests.Observability;

/// <summary>The observability figures, built by the async daemon, agree with the accounts and the events.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class tenant_observability(ServiceFixture fixture)
{
    private static string Url(Guid tenant, bool subtree = false) => $"/tenants/{tenant}/observability?subtree={(subtree ? "true" : "false")}";

    [Fact]
    public async Task counts_by_role_and_state_match_the_accounts_once_the_daemon_caught_up()
    {
        var world = await Installation.CreateAsync(fixture);
        // Changes of role and state move accounts from one count to another.
        await world.SendAsync(world.CustomerOwner, HttpMethod.Put, $"/accounts/{world.Manager}/role", new RoleChange(RoleRef.Of(SystemRole.Auditor)));
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.InactiveAdmin}/reactivate");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.DeletedAdmin}/erase");
        await world.InviteAsync("second.invited@customer.test", SystemRole.Viewer);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/users", new NewUser("user2@customer.test", "Ulf", "User"));
        await fixture.CatchUpAsync();

        var report = await fixture.GetJsonAsync<ObservabilityReport>(world, world.Manager, Url(world.Customer));

        report.Tenants.ShouldBe([world.Customer]);
        Sorted(report.AccountsByState).ShouldBe(Sorted(new Dictionary<string, int> { ["Active"] = 8, ["Invited"] = 2, ["Erased"] = 1 }));
        Sorted(report.AccountsByRole).ShouldBe(Sorted(new Dictionary<string, int>
        {
            ["Owner"] = 2, ["Administrator"] = 1, ["Auditor"] = 1, ["Viewer"] = 2, ["Operator"] = 2, ["User"] = 2,
        }));
        report.PendingInvitations.ShouldBe(2);
        report.Usage.ActiveAdministrators.ShouldBe(6);
        report.Usage.ActiveUsers.ShouldBe(2);
        report.Usage.Workspaces.ShouldBe(1);

        // Cross-check with the account documents, which are written with the events.
        await using var session = fixture.Store.QuerySession();
        var accounts = await session.Query<Account>().Where(a => a.TenantId == world.Customer).ToListAsync();
        var users = await session.Query<UserView>().Where(u => u.TenantId == world.Customer).ToListAsync();
        users.Count.ShouldBe(accounts.Count);
        Sorted(report.AccountsByState).ShouldBe(Sorted(accounts.GroupBy(a => a.State.ToString()).ToDictionary(g => g.Key, g => g.Count())));
        Sorted(report.AccountsByRole).ShouldBe(Sorted(users.Where(u => TenantObservability.IsMember(u.State))
            .GroupBy(u => u.Role).ToDictionary(g => g.Key, g => g.Count())));
        report.PendingInvitations.ShouldBe(accounts.Count(a => a.State == AccountState.Invited));
        report.Usage.ActiveAdministrators.ShouldBe(accounts.Count(a => a is { Kind: AccountKind.Administrator, State: AccountState.Active }));
        report.Usage.ActiveUsers.ShouldBe(accounts.Count(a => a is { Kind: AccountKind.User, State: AccountState.Active }));

        // Caught up: the projection reflects the newest stored event.
        report.Progress.IsCurrent.ShouldBeTrue();
        report.Progress.EventsBehind.ShouldBe(0);
        report.Progress.ProjectedThrough.ShouldBeGreaterThanOrEqualTo(report.Progress.HighestEventSequence);
        report.Progress.LastEventAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task actions_are_counted_per_utc_day_of_the_events_and_by_source()
    {
        var world = await Installation.CreateAsync(fixture);
        // One command arrives over the bus.
        CommandOutcome? outcome = null;
        await fixture.Track().ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async bus =>
            outcome = await bus.EndpointFor(fixture.Host.Services.GetRequiredService<ServiceSettings>().CommandQueueUri)
                .InvokeAsync<CommandOutcome>(new CreateWorkspace(world.Customer, "Logistics"), CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "billing-service", null), timeout: TimeSpan.FromSeconds(20))));
        outcome.ShouldNotBeNull().Accepted.ShouldBeTrue(outcome.Message);
        await fixture.CatchUpAsync();
        var events = await EventsOfAsync(world.Customer);
        // Move the tenant's first event to another day, straight in the store, and rebuild: the day is the event's own.
        var moved = events.Single(e => e.Data is TenantCreated);
        await ExecuteAsync($"update {Schema}.mt_events set timestamp = '2020-02-29T23:59:59Z' where seq_id = @sequence", moved.Sequence);
        await RebuildAsync();

        var report = await fixture.GetJsonAsync<ObservabilityReport>(world, world.CustomerOwner, Url(world.Customer));

        var stored = await EventsOfAsync(world.Customer);
        var expected = stored.GroupBy(e => DateOnly.FromDateTime(e.Timestamp.UtcDateTime)).OrderBy(g => g.Key).ToList();
        report.ActionsPerDay.Select(d => d.Day).ShouldBe(expected.Select(g => g.Key));
        report.ActionsPerDay.Select(d => d.Total).ShouldBe(expected.Select(g => g.Count()));
        var leap = report.ActionsPerDay[0];
        leap.Day.ShouldBe(new DateOnly(2020, 2, 29));
        leap.Total.ShouldBe(1);
        report.ActionsPerDay.Sum(d => d.Total).ShouldBe(stored.Count);
        Sorted(report.ActionsBySource).ShouldBe(Sorted(stored.GroupBy(SourceOf).ToDictionary(g => g.Key, g => g.Count())));
        report.ActionsBySource.Keys.ShouldBe(["Bus", "Http"]);
        report.ActionsBySource["Bus"].ShouldBe(1);
        report.Usage.Workspaces.ShouldBe(2);

        // The installation was created from the command line.
        var infrastructure = await fixture.GetJsonAsync<ObservabilityReport>(world, world.Superuser, Url(CreateInstallation.InfrastructureTenantId));
        infrastructure.ActionsBySource.Keys.ShouldContain("CommandLine");
    }

    [Fact]
    public async Task a_document_of_an_earlier_version_with_every_account_inside_keeps_counting_after_the_upgrade()
    {
        var world = await Installation.CreateAsync(fixture);
        await fixture.CatchUpAsync();
        // The earlier shape: each account's figure inside the tenant's document, no ObservedAccount documents.
        await using (var session = fixture.Store.LightweightSession())
        {
            var observed = await session.Query<ObservedAccount>().ToListAsync();
            var customer = (await session.LoadAsync<TenantObservability>(world.Customer)).ShouldNotBeNull();
            var homes = (await session.Query<Account>().Where(a => a.TenantId == world.Customer).ToListAsync()).Select(a => a.Id).ToHashSet();
            customer.Accounts = observed.Where(o => homes.Contains(o.Id)).ToDictionary(o => o.Id, o => o.Figure);
            customer.Accounts.Count.ShouldBeGreaterThan(5);
            session.Store(customer);
            session.DeleteWhere<ObservedAccount>(o => true);
            await session.SaveChangesAsync();
        }

        // A change to an account of the upgraded tenant moves it between the counts as before the upgrade.
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.InactiveAdmin}/reactivate");
        await fixture.CatchUpAsync();
        var report = await fixture.GetJsonAsync<ObservabilityReport>(world, world.Manager, Url(world.Customer));
        await using var check = fixture.Store.QuerySession();
        var accounts = await check.Query<Account>().Where(a => a.TenantId == world.Customer).ToListAsync();
        Sorted(report.AccountsByState).ShouldBe(Sorted(accounts.GroupBy(a => a.State.ToString()).ToDictionary(g => g.Key, g => g.Count())));
        report.Usage.ActiveAdministrators.ShouldBe(accounts.Count(a => a is { Kind: AccountKind.Administrator, State: AccountState.Active }));
        (await check.Query<ObservedAccount>().CountAsync()).ShouldBeGreaterThanOrEqualTo(accounts.Count);
        (await check.LoadAsync<TenantObservability>(world.Customer)).ShouldNotBeNull().Accounts.ShouldBeEmpty();
    }

    [Fact]
    public async Task rebuilding_gives_the_same_documents()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.InactiveAdmin}/reactivate");
        await fixture.CatchUpAsync();
        var before = await DocumentsAsync();
        before.Count.ShouldBe(3);
        // Damage a document so that only a real rebuild gives it back.
        await ExecuteAsync($"update {Schema}.mt_doc_tenantobservability set data = jsonb_set(data, '{{PendingInvitations}}', '99') where id = @id", world.Customer);

        await RebuildAsync();

        (await DocumentsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task sums_the_subtree_where_the_caller_may_view_observability()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.SendAsync(world.PartnerOwner, HttpMethod.Post, $"/tenants/{world.Partner}/users", new NewUser("user@partner.test", "Paul", "User"));
        await fixture.CatchUpAsync();

        var partner = await fixture.GetJsonAsync<ObservabilityReport>(world, world.PartnerOwner, Url(world.Partner));
        var customer = await fixture.GetJsonAsync<ObservabilityReport>(world, world.CustomerOwner, Url(world.Customer));
        var subtree = await fixture.GetJsonAsync<ObservabilityReport>(world, world.PartnerOwner, Url(world.Partner, subtree: true));

        partner.Tenants.ShouldBe([world.Partner]);
        subtree.Tenants.ShouldBe([world.Partner, world.Customer]);
        Sorted(subtree.AccountsByState).ShouldBe(Sorted(Add(partner.AccountsByState, customer.AccountsByState)));
        Sorted(subtree.AccountsByRole).ShouldBe(Sorted(Add(partner.AccountsByRole, customer.AccountsByRole)));
        Sorted(subtree.ActionsBySource).ShouldBe(Sorted(Add(partner.ActionsBySource, customer.ActionsBySource)));
        subtree.ActionsPerDay.Sum(d => d.Total).ShouldBe(partner.ActionsPerDay.Sum(d => d.Total) + customer.ActionsPerDay.Sum(d => d.Total));
        subtree.PendingInvitations.ShouldBe(partner.PendingInvitations + customer.PendingInvitations);
        subtree.Usage.ActiveAdministrators.ShouldBe(partner.Usage.ActiveAdministrators + customer.Usage.ActiveAdministrators);
        subtree.Usage.ActiveUsers.ShouldBe(2);
        subtree.Usage.Workspaces.ShouldBe(1);

        // Once the customer shuts out its ancestors' administrators, the partner's Owner no longer sees it.
        await world.SendAsync(world.CustomerOwner, HttpMethod.Put, $"/tenants/{world.Customer}/ancestor-access", new AncestorAccessChange(true, "Self-managed now"));
        await fixture.CatchUpAsync();
        var restricted = await fixture.GetJsonAsync<ObservabilityReport>(world, world.PartnerOwner, Url(world.Partner, subtree: true));
        restricted.Tenants.ShouldBe([world.Partner]);
        Sorted(restricted.AccountsByState).ShouldBe(Sorted(partner.AccountsByState));
    }

    [Fact]
    public async Task is_refused_without_view_observability_in_the_tenant_and_says_nothing_where_the_caller_has_no_authority()
    {
        var world = await Installation.CreateAsync(fixture);

        // Viewers and users hold no ViewObservability in their tenant, where they have other authority: told what they lack.
        foreach (var actor in new[] { world.Viewer, world.User })
        {
            var (status, body) = await fixture.GetAsync(world, actor, Url(world.Customer, subtree: true));
            status.ShouldBe(403, body);
            body.ShouldContain("missing_capability");
        }

        // A Customer's Manager holds it there and has no authority in the Partner: the Partner answers as an unknown tenant.
        var (partner, partnerBody) = await fixture.GetAsync(world, world.Manager, Url(world.Partner, subtree: true));
        var (unknown, unknownBody) = await fixture.GetAsync(world, world.Manager, Url(Guid.NewGuid()));
        unknown.ShouldBe(404);
        partner.ShouldBe(404, partnerBody);
        partnerBody.ShouldContain("tenant_not_found");
        unknownBody.ShouldContain("tenant_not_found");
    }

    private string Schema => fixture.Host.Services.GetRequiredService<ServiceSettings>().EventStoreSchema;

    private static List<KeyValuePair<string, int>> Sorted(IReadOnlyDictionary<string, int> counts) =>
        [.. counts.OrderBy(p => p.Key, StringComparer.Ordinal)];

    private static Dictionary<string, int> Add(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b) =>
        a.Concat(b).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    private static string SourceOf(IEvent e) =>
        e.Headers is { } headers && headers.TryGetValue("source", out var source) ? source?.ToString() ?? "Unknown" : "Unknown";

    /// <summary>The events of the tenant's stream and of its accounts' streams.</summary>
    private async Task<IReadOnlyList<IEvent>> EventsOfAsync(Guid tenant)
    {
        await using var session = fixture.Store.QuerySession();
        var accounts = await session.Query<Account>().Where(a => a.TenantId == tenant).Select(a => a.Id).ToListAsync();
        var events = new List<IEvent>(await session.Events.FetchStreamAsync(tenant));
        foreach (var account in accounts)
        {
            events.AddRange(await session.Events.FetchStreamAsync(account));
        }

        return events;
    }

    /// <summary>Every observability document as stored (JSON), by tenant.</summary>
    private async Task<IReadOnlyList<string>> DocumentsAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand($"select data::text from {Schema}.mt_doc_tenantobservability order by id", connection);
        await using var reader = await read.ExecuteReaderAsync();
        var documents = new List<string>();
        while (await reader.ReadAsync())
        {
            documents.Add(reader.GetString(0));
        }

        return documents;
    }

    /// <summary>Rebuilds the projection from the events, then lets its shard run on as before.</summary>
    private async Task RebuildAsync()
    {
        var daemon = fixture.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync(TenantObservabilityProjection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
        await daemon.StartAgentAsync($"{TenantObservabilityProjection.Name}:All", CancellationToken.None);
    }

    private async Task ExecuteAsync(string sql, object parameter)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter is long ? "sequence" : "id", parameter);
        await command.ExecuteNonQueryAsync();
    }
}
