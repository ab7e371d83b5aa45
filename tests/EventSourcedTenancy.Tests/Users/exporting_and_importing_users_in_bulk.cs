using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tests.Infrastructure;
using EventSourcedTenancy.Users;
using Marten;

namespace EventSourcedTenancy.Tests.Users;

/// <summary>Seed 003 "Bulk import / export users": the streamed export, and the command line that imports a file.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class exporting_and_importing_users_in_bulk(ServiceFixture fixture)
{
    [Fact]
    public async Task the_csv_export_holds_every_live_account_of_the_tenant_by_email_and_reads_back_field_for_field()
    {
        var world = await Installation.CreateAsync(fixture);
        await ImportAsync(world, [new("zed@bulk.test", "Zed", "Last, \"Quoted\""), new("amy@bulk.test", "Amy", "First")]);

        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Get.Url($"/tenants/{world.Customer}/users/export?format=csv");
            s.StatusCodeShouldBeOk();
        });

        result.Context.Response.ContentType.ShouldBe("text/csv; charset=utf-8");
        var records = Exports.CsvRecords(await result.ReadAsTextAsync()).ToList();
        records[0].ShouldBe(["id", "email", "firstName", "lastName", "kind", "role", "state", "createdAt", "lastActivityAt", "version"]);
        var rows = records.Skip(1).ToList();
        await using var session = fixture.Store.QuerySession();
        var live = await session.Query<UserView>()
            .Where(u => u.TenantId == world.Customer && u.State != AccountState.Deleted && u.State != AccountState.Erased).ToListAsync();
        rows.Select(r => r[0]).ShouldBe(live.Select(u => u.Id.ToString()), ignoreOrder: true);
        rows.Select(r => r[1]).ShouldBe(rows.Select(r => r[1]).Order(StringComparer.Ordinal), "ordered by email");
        var zed = rows.Single(r => r[1] == "zed@bulk.test");
        zed[2..4].ShouldBe(["Zed", "Last, \"Quoted\""]);
        zed[4..7].ShouldBe(["User", "User", "Active"]);
        rows.ShouldNotContain(r => r[0] == world.DeletedAdmin.ToString());
    }

    /// <summary>
    /// A name a spreadsheet would run as a formula leaves the CSV export with a leading apostrophe (shown as text),
    /// and the export read back by the import parser gives every name as it was, apostrophes of its own included.
    /// </summary>
    [Fact]
    public async Task names_a_spreadsheet_would_run_as_formulas_are_exported_as_text_and_import_back_as_they_were()
    {
        var world = await Installation.CreateAsync(fixture);
        var names = new Dictionary<string, (string First, string Last)>
        {
            ["eq@formula.test"] = ("=HYPERLINK(\"http://evil.test\")", "=1+2"),
            ["plus@formula.test"] = ("+1", "@SUM(A1)"),
            ["minus@formula.test"] = ("-", "'-2"),
            ["plain@formula.test"] = ("O'Brien", "'quoted'"),
        };
        await ImportAsync(world, [.. names.Select(n => new ImportedUser(n.Key, n.Value.First, n.Value.Last))]);

        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Get.Url($"/tenants/{world.Customer}/users/export?format=csv");
            s.StatusCodeShouldBeOk();
        });

        var text = await result.ReadAsTextAsync();
        var records = Exports.CsvRecords(text).Skip(1).Where(r => r.Count > 1 && names.ContainsKey(r[1])).ToDictionary(r => r[1]);
        records.Keys.ShouldBe(names.Keys, ignoreOrder: true);
        records["eq@formula.test"][2..4].ShouldBe(["'=HYPERLINK(\"http://evil.test\")", "'=1+2"]);
        records["plus@formula.test"][2..4].ShouldBe(["'+1", "'@SUM(A1)"]);
        records["minus@formula.test"][2..4].ShouldBe(["'-", "''-2"]);
        records["plain@formula.test"][2..4].ShouldBe(["O'Brien", "'quoted'"], "a value that is no formula is written as it is");

        var (rows, problem) = ImportUsersCommand.Parse(Encoding.UTF8.GetBytes(text), "users.csv");
        problem.ShouldBeNull();
        rows.Where(r => names.ContainsKey(r.Email)).ToDictionary(r => r.Email, r => (r.FirstName, r.LastName)).ShouldBe(names, ignoreOrder: true);
    }

    [Fact]
    public async Task the_ndjson_export_is_one_user_a_line_and_state_chooses_the_deleted_ones()
    {
        var world = await Installation.CreateAsync(fixture);

        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Get.Url($"/tenants/{world.Customer}/users/export?format=ndjson&state=Deleted");
            s.StatusCodeShouldBeOk();
        });

        var lines = (await result.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var users = lines.Select(l => JsonNode.Parse(l)!).ToList();
        users.ShouldNotBeEmpty();
        users.ShouldAllBe(u => (string?)u["state"] == "Deleted" && (string?)u["tenantId"] == world.Customer.ToString());
        users.Select(u => (string?)u["id"]).ShouldContain(world.DeletedAdmin.ToString());
    }

    [Fact]
    public async Task a_role_without_bulk_export_and_an_unknown_format_are_refused()
    {
        var world = await Installation.CreateAsync(fixture);

        var manager = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.Manager)}");
            s.Get.Url($"/tenants/{world.Customer}/users/export");
            s.StatusCodeShouldBe(403);
        });
        ((string?)JsonNode.Parse(await manager.ReadAsTextAsync())!["code"]).ShouldBe(RejectionCodes.MissingCapability);

        var xml = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Get.Url($"/tenants/{world.Customer}/users/export?format=xml");
            s.StatusCodeShouldBe(400);
        });
        ((string?)JsonNode.Parse(await xml.ReadAsTextAsync())!["code"]).ShouldBe("invalid_format");
    }

    [Fact]
    public async Task the_command_line_imports_a_csv_file_in_batches_with_progress_and_a_second_run_of_the_same_file_writes_nothing()
    {
        var world = await Installation.CreateAsync(fixture);
        var batch = Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(Path.GetTempPath(), $"users-{batch}.csv");
        var csv = new StringBuilder("id,email,firstName,lastName,kind\n");
        for (var i = 0; i < 2500; i++)
        {
            csv.Append(",cli-").Append(batch).Append('-').Append(i).Append("@example.com,\"Cli, Imported\",User").Append(i).Append(",User\n");
        }

        await File.WriteAllTextAsync(file, csv.ToString());
        try
        {
            var before = await fixture.CountEventsAsync();
            var (exit, output) = await RunCliAsync(world, file);
            exit.ShouldBe(0, output);
            output.ShouldContain("1,000 of 2,500 rows (40%)");
            output.ShouldContain("2,500 of 2,500 rows (100%)");
            output.ShouldContain("Imported 2,500 accounts");
            (await fixture.CountEventsAsync()).ShouldBe(before + 2500);
            await using (var session = fixture.Store.QuerySession())
            {
                var imported = await session.Query<Account>().Where(a => a.TenantId == world.Customer && a.Email!.StartsWith($"cli-{batch}-")).ToListAsync();
                imported.Count.ShouldBe(2500);
                imported.ShouldAllBe(a => a.FirstName == "Cli, Imported" && a.State == AccountState.Active);
            }

            var (again, second) = await RunCliAsync(world, file);
            again.ShouldBe(0, second);
            second.ShouldContain("Imported 0 accounts");
            second.ShouldContain("2,500 rows were imported by an earlier run");
            (await fixture.CountEventsAsync()).ShouldBe(before + 2500);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void a_file_is_read_as_csv_with_its_header_or_as_ndjson_and_a_file_it_cannot_read_is_named()
    {
        var (csv, none) = ImportUsersCommand.Parse(Encoding.UTF8.GetBytes("\uFEFFlastName,email,firstName\r\n\"O'Neil, Jr.\",a@x.test,\"Ann \"\"A\"\"\"\r\n"), "a.csv");
        none.ShouldBeNull();
        csv.ShouldBe([new ImportedUser("a@x.test", "Ann \"A\"", "O'Neil, Jr.")]);

        var (ndjson, fine) = ImportUsersCommand.Parse(Encoding.UTF8.GetBytes("{\"email\":\"b@x.test\",\"firstName\":\"Bo\",\"lastName\":\"B\"}\n\n{\"Email\":\"c@x.test\",\"firstName\":\"Cy\",\"lastName\":\"C\"}\n"), "b.ndjson");
        fine.ShouldBeNull();
        ndjson.Select(u => u.Email).ShouldBe(["b@x.test", "c@x.test"]);

        ImportUsersCommand.Parse(Encoding.UTF8.GetBytes("mail,first,last\nx,y,z\n"), "c.csv").Problem.ShouldNotBeNull().ShouldContain("email, firstName and lastName");
        ImportUsersCommand.Parse(Encoding.UTF8.GetBytes("email,firstName,lastName\na@x.test,A\n"), "d.csv").Problem.ShouldNotBeNull().ShouldContain("record 2 has 2 fields");
        ImportUsersCommand.Parse(Encoding.UTF8.GetBytes("{\"email\":\"b@x.test\"}\n"), "e.ndjson").Problem.ShouldNotBeNull().ShouldContain("line 1");
    }

    private async Task ImportAsync(Installation world, IReadOnlyList<ImportedUser> users)
    {
        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Post.Json(new UserImport([.. users.Select(u => new NewUser(u.Email, u.FirstName, u.LastName))]), JsonStyle.MinimalApi).ToUrl($"/tenants/{world.Customer}/users/import");
            s.StatusCodeShouldBeOk();
        });
    }

    /// <summary>Runs the service's command line as its own process, as an operator would.</summary>
    private async Task<(int Exit, string Output)> RunCliAsync(Installation world, string file)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "EventSourcedTenancy.dll"), "import-users", "--tenant", world.Customer.ToString(), "--file", file, "--batch", "1000" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Postgres"] = fixture.ConnectionString;
        start.Environment["TENANCY_TOKEN"] = world.TokenFor(world.CustomerOwner);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
