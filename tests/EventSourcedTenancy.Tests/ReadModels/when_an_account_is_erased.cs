using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Erasure;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Audit;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace EventSourcedTenancy.Tests.ReadModels;

/// <summary>
/// GDPR erasure: once the daemon has carried out an erasure, the person's email and names are nowhere in
/// the database (every table of every schema is scanned, events and queued messages included), while the
/// events themselves stay: who did what, when.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_an_account_is_erased(ServiceFixture fixture)
{
    private const string Email = "zelda.quuxworth@erasure.test";
    private const string FirstName = "Zeldarine";
    private const string LastName = "Quuxworth";

    [Fact]
    public async Task the_personal_data_is_gone_from_every_table_and_the_skeleton_stays()
    {
        var world = await Installation.CreateAsync(fixture);
        var settings = fixture.Host.Services.GetRequiredService<ServiceSettings>();

        // Invite over the bus, so the inbox also holds a message with the personal data.
        using (var scope = fixture.Host.Services.CreateScope())
        {
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            var invited = await bus.EndpointFor(settings.CommandQueueUri).InvokeAsync<CommandOutcome>(
                new InviteAdmin(world.Customer, Email, FirstName, LastName, RoleRef.Of(SystemRole.Viewer), null, null),
                CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "hr-system"), timeout: TimeSpan.FromSeconds(20));
            invited.Accepted.ShouldBeTrue(invited.Message);
        }

        var person = await AccountWithEmailAsync(Email);

        // A refused invitation with a malformed spelling of the address: its refusal must not carry it into the logs.
        var refused = await fixture.Host.MessageBus().EndpointFor(settings.CommandQueueUri).InvokeAsync<CommandOutcome>(
            new InviteAdmin(world.Customer, Email.ToUpperInvariant() + " (work)", FirstName, LastName, RoleRef.Of(SystemRole.Viewer), null, null),
            CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "hr-system"), timeout: TimeSpan.FromSeconds(20));
        refused.Accepted.ShouldBeFalse();
        await fixture.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        (await TablesContainingAsync(Email)).ShouldNotBeEmpty("the scan must be able to find the email before erasure");

        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{person}/delete");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{person}/erase");
        var eventsAfterErasure = await fixture.CountEventsAsync();
        await fixture.Store.Storage.Database.WaitForNonStaleQueryableDataAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        foreach (var value in new[] { Email, FirstName, LastName })
        {
            (await TablesContainingAsync(value)).ShouldBeEmpty($"'{value}' is still stored");
        }

        // Nor in an export of the trail, nor in anything the service ever logged (a refused, malformed address
        // included), in any case.
        var (exported, export) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/audit/export?format=ndjson");
        exported.ShouldBe(200);
        foreach (var value in new[] { Email, FirstName, LastName })
        {
            export.ShouldNotContain(value, Case.Insensitive, $"the audit export holds '{value}'");
            fixture.Logs.Lines.Where(l => l.Contains(value, StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty($"the logs hold '{value}'");
        }

        // Nor in an evidence bundle of the tenant written after the erasure (a bundle written before it is a file
        // outside the installation, kept by whoever exported it).
        var bundle = Path.Combine(Path.GetTempPath(), $"erasure-evidence-{Guid.NewGuid():N}");
        try
        {
            var manifest = await EvidenceBundle.ExportAsync(fixture.Store, world.Customer, null, null, bundle, DateTimeOffset.UtcNow, null, CancellationToken.None);
            manifest.Entries.ShouldBeGreaterThan(0);
            foreach (var file in Directory.GetFiles(bundle))
            {
                var content = await File.ReadAllTextAsync(file);
                foreach (var value in new[] { Email, FirstName, LastName })
                {
                    content.ShouldNotContain(value, Case.Insensitive, $"{Path.GetFileName(file)} of the evidence bundle holds '{value}'");
                }
            }

            EvidenceBundle.Verify(bundle).Verified.ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(bundle, recursive: true);
        }

        // The skeleton stays: every event of the account, with who did it and when.
        (await fixture.CountEventsAsync()).ShouldBe(eventsAfterErasure);
        await using var query = fixture.Store.QuerySession();
        var history = await query.Events.FetchStreamAsync(person);
        history.Select(e => e.Data.GetType().Name).ShouldBe([nameof(AdminInvited), nameof(AccountSetDeleted), nameof(AccountErased)]);
        history[0].Data.ShouldBeOfType<AdminInvited>().Email.ShouldBe(PersonalData.Erased);
        history[0].Headers.ShouldNotBeNull().ContainsKey(PersonalData.ErasedHeader).ShouldBeTrue();
        history[^1].Headers.ShouldNotBeNull()[AuditEnvelope.Actor].ToString().ShouldBe(world.CustomerOwner.ToString());

        // Erasure is not tampering: the audit chain still verifies.
        var verify = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.Superuser)}");
            s.Get.Url("/audit/verify");
        });
        (await verify.ReadAsTextAsync()).ShouldContain("\"verified\":true");
    }

    [Fact]
    public async Task the_timeline_and_as_of_states_of_an_erased_account_show_no_personal_data_from_the_moment_it_is_erased()
    {
        var world = await Installation.CreateAsync(fixture);
        const string email = "yorick.plumtree@erasure.test";
        var person = (await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/users", new NewUser(email, "Yorickine", "Plumtree"))).Single();
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{person}/delete", new { Reason = "Asked to leave" });

        // Read at once after the erasure, whether or not the background masking of the stored events has run.
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{person}/erase");
        foreach (var read in new[] { $"/accounts/{person}/timeline", $"/accounts/{person}/as-of?version=1", $"/accounts/{person}/as-of?version=2", $"/accounts/{person}" })
        {
            var (status, body) = await fixture.GetAsync(world, world.CustomerOwner, read);
            status.ShouldBe(200, read);
            foreach (var value in new[] { email, "Yorickine", "Plumtree" })
            {
                body.ShouldNotContain(value, Case.Insensitive, $"{read} shows '{value}'");
            }
        }
    }

    [Fact]
    public async Task a_tenants_billing_contact_goes_when_its_person_is_erased_and_the_trail_still_verifies()
    {
        var world = await Installation.CreateAsync(fixture);
        const string email = "wilhelmina.billsworth@erasure.test";
        var person = (await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/users", new NewUser(email, "Wilhelmina", "Billsworth"))).Single();
        await world.SendAsync(world.CustomerOwner, HttpMethod.Put, $"/tenants/{world.Customer}/policy",
            new TenantPolicyChange(null, null, null, new EventSourcedTenancy.Tenants.BillingSettings("Pro", email)));
        // The integration events about the person are out before the erasure, as in the other cases here.
        await fixture.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{person}/delete");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{person}/erase");
        await fixture.Store.Storage.Database.WaitForNonStaleQueryableDataAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        (await TablesHoldingAnySpellingAsync(email)).ShouldBeEmpty("the billing contact is still stored");
        var (_, tenant) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}");
        tenant.ShouldContain($"\"invoiceEmail\":\"{PersonalData.Erased}\"");
        var (_, verified) = await fixture.GetAsync(world, world.Superuser, "/audit/verify");
        verified.ShouldContain("\"verified\":true");
    }

    [Fact]
    public async Task an_email_is_gone_in_every_spelling_a_stored_message_may_carry()
    {
        var world = await Installation.CreateAsync(fixture);
        var settings = fixture.Host.Services.GetRequiredService<ServiceSettings>();
        // Mixed case as sent, and a '+' that JSON encoders write as \u002B in queued messages.
        const string sent = "Zora.Quux+Erasure@Erasure.TEST";
        var invited = await fixture.Host.MessageBus().EndpointFor(settings.CommandQueueUri).InvokeAsync<CommandOutcome>(
            new InviteAdmin(world.Customer, sent, "Zoraline", "Quuxby", RoleRef.Of(SystemRole.Viewer), null, null),
            CommandMetadata.Delivery(world.TokenFor(world.CustomerOwner), "hr-system"), timeout: TimeSpan.FromSeconds(20));
        invited.Accepted.ShouldBeTrue(invited.Message);
        var person = invited.StreamId.ShouldNotBeNull();
        await fixture.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        (await TablesHoldingAnySpellingAsync(sent)).ShouldNotBeEmpty("the scan must find the email before erasure");

        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{person}/delete");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{person}/erase");
        await fixture.Store.Storage.Database.WaitForNonStaleQueryableDataAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        (await TablesHoldingAnySpellingAsync(sent)).ShouldBeEmpty("a spelling of the email is still stored");
    }

    /// <summary>The tables holding the value in any case, or with '+' written as \u002B (as text, or in binary columns).</summary>
    private async Task<IReadOnlyList<string>> TablesHoldingAnySpellingAsync(string value)
    {
        var lower = value.ToLowerInvariant();
        string[] spellings = [value, lower, value.ToUpperInvariant(), lower.Replace("+", "\\u002b", StringComparison.Ordinal)];
        var found = new List<string>();
        foreach (var spelling in spellings)
        {
            found.AddRange(await TablesContainingAsync(spelling, ignoreCase: true));
        }

        return [.. found.Distinct()];
    }

    private async Task<Guid> AccountWithEmailAsync(string email)
    {
        await using var query = fixture.Store.QuerySession();
        return (await Marten.QueryableExtensions.ToListAsync(query.Query<Account>().Where(a => a.Email == email))).Single().Id;
    }

    /// <summary>Every table of every non-system schema whose rows contain the value, in any text, JSON or binary column.</summary>
    private async Task<IReadOnlyList<string>> TablesContainingAsync(string value, bool ignoreCase = false)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var tables = new Dictionary<string, List<string>>();
        await using (var list = new NpgsqlCommand(
            """
            select t.table_schema, t.table_name, c.column_name
            from information_schema.tables t
            left join information_schema.columns c
              on c.table_schema = t.table_schema and c.table_name = t.table_name and c.data_type = 'bytea'
            where t.table_type = 'BASE TABLE' and t.table_schema not in ('pg_catalog', 'information_schema')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var table = $"\"{reader.GetString(0)}\".\"{reader.GetString(1)}\"";
                if (!tables.TryGetValue(table, out var binary))
                {
                    tables[table] = binary = [];
                }

                if (!reader.IsDBNull(2))
                {
                    binary.Add(reader.GetString(2));
                }
            }
        }

        var found = new List<string>();
        foreach (var (table, binaryColumns) in tables)
        {
            // The row as text covers text and JSON columns; binary columns are searched as UTF-8 bytes.
            // Ignoring case, binary columns are read as escape-encoded text (bytes over 0x7F as octal, a backslash doubled).
            var binaryMatch = string.Concat(binaryColumns.Select(c => ignoreCase
                ? $" or strpos(lower(encode(t.\"{c}\", 'escape')), @binary) > 0"
                : $" or position(convert_to(@value, 'UTF8') in t.\"{c}\") > 0"));
            var textMatch = ignoreCase ? "strpos(lower(t::text), @value) > 0" : "strpos(t::text, @value) > 0";
            await using var search = new NpgsqlCommand($"select count(*) from {table} t where {textMatch}{binaryMatch}", connection);
            search.Parameters.AddWithValue("value", ignoreCase ? value.ToLowerInvariant() : value);
            search.Parameters.AddWithValue("binary", value.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal));
            if ((long)(await search.ExecuteScalarAsync())! > 0)
            {
                found.Add(table);
            }
        }

        return found;
    }
}
