using System.Text.RegularExpressions;
using EventSourcedTenancy.Compliance;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EventSourcedTenancy.Tests.Console;

/// <summary>
/// The administration console driven in a real Chromium against the real service: what a person does with it,
/// and what each role is shown. Every write goes through the command endpoints, so the event counts and the
/// timeline prove what happened. Each test leaves a screenshot in artifacts/console/.
/// </summary>
[Collection(ConsoleTestCollection.Name)]
public sealed class the_console_in_a_browser(ConsoleFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private IBrowserContext context = null!;
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Address.ToString(), AcceptDownloads = true });
        context.SetDefaultTimeout(15_000);
        page = await context.NewPageAsync();
        // What the page itself reports (script errors, console messages) is shown with a failing test.
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
    }

    public async Task DisposeAsync() => await context.CloseAsync();

    [Fact]
    public async Task a_partner_owner_walks_the_tree_invites_deactivates_deletes_restores_and_finds_it_all_in_the_timeline_the_past_and_the_evidence()
    {
        var email = $"walk.{Guid.NewGuid():N}"[..13] + "@console.test";
        await SignInAsync(new Regex(@"^Sign in as owner\.\d+@northwind\.test$"));

        // The tree: the partner, and below it the customer.
        await Expect(page.GetByRole(AriaRole.Tree)).ToContainTextAsync("Northwind Partners");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Show tenants below Northwind") }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Contoso") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Contoso");

        // Invite: accepted once; the same email again is refused with the domain's sentence and writes nothing.
        await page.GetByRole(AriaRole.Link, new() { Name = "Invite", Exact = true }).ClickAsync();
        await AfterRenderAsync(() => InviteAsync(email));
        await Expect(page.Locator("#message")).ToHaveTextAsync($"Invitation sent to {email}.");
        var events = await fixture.EventCountAsync();
        await InviteAsync(email);
        await Expect(page.Locator("#message")).ToContainTextAsync("Refused (");
        (await fixture.EventCountAsync()).ShouldBe(events, "a refused invitation writes nothing");

        // The invitee accepts on their own; then the account is set Inactive from its row, with a reason.
        var account = await AccountIdAsync(email);
        await fixture.SendAsync(HttpMethod.Post, $"/accounts/{account}/invitation/accept", null, fixture.Tokens.Mint(account));
        await GoAsync($"#/tenants/{fixture.Tenant}/users?q={Uri.EscapeDataString(email)}");
        var row = page.Locator($"tr[data-account='{account}']");
        await Expect(row).ToContainTextAsync("Active");
        await AfterRenderAsync(async () =>
        {
            await row.GetByRole(AriaRole.Button, new() { Name = $"Set to Inactive {email}" }).ClickAsync();
            await ConfirmAsync("incident 42");
        });
        await Expect(page.Locator("#message")).ToHaveTextAsync($"{email} is Inactive.");
        await Expect(row).ToContainTextAsync("Inactive");

        // Deleted: it leaves the list for the recycle bin, with who, when and why; restored from there.
        await Task.Delay(1100);
        var beforeDeletion = DateTimeOffset.UtcNow;
        await Task.Delay(1100);
        await AfterRenderAsync(async () =>
        {
            await row.GetByRole(AriaRole.Button, new() { Name = $"Set to Deleted {email}" }).ClickAsync();
            await ConfirmAsync("left the company");
        });
        await Expect(page.Locator("#message")).ToHaveTextAsync($"{email} is in the recycle bin.");
        await Expect(row).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Recycle bin" }).ClickAsync();
        var binned = page.Locator($"tr[data-account='{account}']");
        await Expect(binned).ToContainTextAsync("left the company");
        await AfterRenderAsync(() => binned.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Restore ") }).ClickAsync());
        await Expect(page.Locator("#message")).ToContainTextAsync("is restored.");
        await Expect(page.Locator($"tr[data-account='{account}']")).ToHaveCountAsync(0);

        // Its timeline: each change with who, why and the field-level difference.
        await GoAsync($"#/accounts/{account}");
        await Expect(page.Locator("#account-state")).ToHaveTextAsync("Inactive");
        var timeline = page.GetByRole(AriaRole.List, new() { Name = "Timeline" });
        await Expect(timeline.Locator("li").Filter(new() { HasText = "AccountSetInactive" })).ToContainTextAsync("incident 42");
        await Expect(timeline.Locator("li").Filter(new() { HasText = "AccountSetDeleted" })).ToContainTextAsync("left the company");
        await Expect(timeline.Locator("li").Filter(new() { HasText = "AccountRestored" })).ToHaveCountAsync(1);
        await Expect(timeline.Locator("li").Filter(new() { HasText = "AccountSetDeleted" }).Locator("pre.diff")).ToContainTextAsync("Deleted");

        // The tenant as of a moment before the deletion, and an evidence bundle that verifies offline.
        await GoAsync($"#/tenants/{fixture.Tenant}/compliance");
        await page.GetByLabel("Moment (ISO 8601)").FillAsync(beforeDeletion.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Tenant as of the moment")).ToContainTextAsync("Contoso");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download evidence bundle" }).ClickAsync());
        var bundle = Path.Combine(Path.GetTempPath(), $"evidence-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(bundle);
        var verified = EvidenceBundle.Verify(bundle);
        File.Delete(bundle);
        verified.Verified.ShouldBeTrue(verified.Problem);
        verified.Entries.ShouldBeGreaterThan(5, "the customer's trail: its creation, its administrators, and the changes above");

        await ScreenshotAsync();
    }

    [Fact]
    public async Task an_owner_creates_a_workspace_and_a_custom_role_sets_the_policy_gives_a_workspace_role_and_finds_them_in_the_audit_trail()
    {
        var workspace = $"Ops {Guid.NewGuid():N}"[..12];
        var role = $"Auditors {Guid.NewGuid():N}"[..17];
        await SignInAsync(new Regex(@"^Sign in as owner\.\d+@contoso\.test$"));

        await GoAsync($"#/tenants/{fixture.Tenant}/overview");
        await page.GetByLabel("New workspace").FillAsync(workspace);
        await AfterRenderAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync());
        await Expect(page.Locator("#message")).ToHaveTextAsync($"Workspace {workspace} created.");
        await Expect(page.Locator("#view")).ToContainTextAsync(workspace);

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Define a custom role" });
        await form.GetByLabel("Role name").FillAsync(role);
        await form.GetByLabel("ViewAudit", new() { Exact = true }).CheckAsync();
        await AfterRenderAsync(() => form.GetByRole(AriaRole.Button, new() { Name = "Define role" }).ClickAsync());
        await Expect(page.Locator("#message")).ToHaveTextAsync($"Role {role} defined.");
        await Expect(page.Locator("#view")).ToContainTextAsync($"{role}: ViewAudit");

        // The owner-only forms: ownership transfer and deletion (with its typed confirmation) are offered; not used here.
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Transfer ownership" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Delete the tenant" }).GetByLabel(new Regex("^Type the tenant's name"))).ToBeVisibleAsync();

        // The owner-only sign-in policy, and the tenant's timeline with the changes.
        var policy = page.GetByRole(AriaRole.Form, new() { Name = "Sign-in policy" });
        await policy.GetByLabel("MFA enforcement").SelectOptionAsync("RequiredForEveryone");
        await AfterRenderAsync(() => policy.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync());
        await Expect(page.Locator("#message")).ToHaveTextAsync("Sign-in policy saved.");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("RequiredForEveryone");
        await GoAsync($"#/tenants/{fixture.Tenant}/timeline");
        var changes = page.GetByRole(AriaRole.List, new() { Name = "Timeline" });
        await Expect(changes.Locator("li").Filter(new() { HasText = "WorkspaceCreated" }).Filter(new() { HasText = workspace })).ToHaveCountAsync(1);
        await Expect(changes.Locator("li").Filter(new() { HasText = "TenantPolicyConfigured" }).Last.Locator("pre.diff")).ToContainTextAsync("RequiredForEveryone");

        // The Viewer's page (workspace roles are for administrator accounts): a role in the new workspace, and the account as of a moment.
        var viewer = await AccountIdAsync(fixture.ViewerEmail, "Active");
        await GoAsync($"#/accounts/{viewer}");
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Workspace roles" }).Locator("tr").Filter(new() { HasText = workspace });
        await row.GetByLabel($"Workspace role in {workspace}").SelectOptionAsync("WorkspaceAuditor");
        await AfterRenderAsync(() => row.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync());
        await Expect(page.Locator("#message")).ToHaveTextAsync($"Workspace role in {workspace} is now WorkspaceAuditor.");
        // The role's own cell (the row's select lists every role, so the row's text would match before the page is rendered again).
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Workspace roles" }).Locator("tr").Filter(new() { HasText = workspace }).Locator("td").Nth(1)).ToHaveTextAsync("WorkspaceAuditor");
        await page.GetByLabel("Moment (ISO 8601)").FillAsync(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the account then" }).ClickAsync();
        await Expect(page.GetByLabel("Account as of the moment")).ToContainTextAsync("Active");

        // The audit trail records the three changes like any other.
        await GoAsync($"#/tenants/{fixture.Tenant}/audit");
        await page.GetByLabel("actor", new() { Exact = true }).FillAsync(fixture.Demo["OWNER"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var trail = page.GetByRole(AriaRole.Table, new() { Name = "Audit trail" });
        await Expect(trail).ToContainTextAsync("WorkspaceCreated");
        await Expect(trail).ToContainTextAsync("CustomRoleDefined");
        await Expect(trail).ToContainTextAsync("WorkspaceRoleAssigned");
        await Expect(trail).ToContainTextAsync("TenantPolicyConfigured");
        await ScreenshotAsync();
    }

    [Fact]
    public async Task a_manager_sees_no_action_on_an_owners_or_administrators_row_and_its_actions_on_a_users_row()
    {
        await SignInAsync(new Regex($"^Sign in as {Regex.Escape(fixture.ManagerEmail)}$"));
        await GoAsync($"#/tenants/{fixture.Tenant}/users");
        var owner = page.Locator($"tr[data-account='{fixture.Demo["OWNER"]}']");
        await Expect(owner).ToContainTextAsync("Owner");
        await Expect(owner.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(owner).ToContainTextAsync("no action");

        // Seed 000: a Manager acts on standard user accounts only: a user's row has its actions, an administrator's none.
        var user = page.Locator("tr").Filter(new() { HasText = fixture.UserEmail });
        await Expect(user.GetByRole(AriaRole.Button, new() { Name = $"Set to Inactive {fixture.UserEmail}" })).ToHaveCountAsync(1);
        await Expect(user.GetByRole(AriaRole.Button, new() { Name = $"Reset password {fixture.UserEmail}" })).ToHaveCountAsync(1);
        await Expect(page.Locator("tr").Filter(new() { HasText = fixture.ViewerEmail }).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await ScreenshotAsync();
    }

    [Fact]
    public async Task a_viewer_sees_no_write_action_at_all()
    {
        await SignInAsync(new Regex($"^Sign in as {Regex.Escape(fixture.ViewerEmail)}$"));
        await GoAsync($"#/tenants/{fixture.Tenant}/users");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Users" }).Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Users" }).Locator("tbody button")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Invite", Exact = true })).ToHaveCountAsync(0);

        await GoAsync($"#/tenants/{fixture.Tenant}/overview");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Owners" })).ToBeVisibleAsync();
        await Expect(page.Locator("#view form")).ToHaveCountAsync(0);
        await Expect(page.Locator("#view button")).ToHaveCountAsync(0);
        await ScreenshotAsync();
    }

    [Fact]
    public async Task the_console_and_the_api_reference_load_nothing_from_outside_the_service()
    {
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(fixture.Address.ToString().TrimEnd('/'), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        var served = 0;
        page.Response += (_, _) => served++;

        await SignInAsync(new Regex(@"^Sign in as owner\.\d+@contoso\.test$"));
        await GoAsync($"#/tenants/{fixture.Tenant}/observability");
        await Expect(page.Locator("figure.chart")).ToHaveCountAsync(3);
        await page.GotoAsync("/docs/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.GetByText("Getting a token").First).ToBeVisibleAsync();

        served.ShouldBeGreaterThan(5);
        outside.ShouldBeEmpty($"requests left the service: {string.Join(", ", outside)}");
        await ScreenshotAsync();
    }

    [Fact]
    public async Task a_token_that_is_not_a_token_is_refused_with_what_to_do_and_signs_nobody_in()
    {
        await page.GotoAsync("/console/");
        await page.GetByLabel("Bearer token from your identity provider").FillAsync("not-a-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with token" }).ClickAsync();
        await Expect(page.Locator("#message")).ToContainTextAsync("paste the whole token");
        await Expect(page.Locator("#sign-out")).ToBeHiddenAsync();

        // Well formed but signed with another key: the service refuses it, and the console says so.
        var forged = string.Join('.', fixture.Tokens.Mint(Guid.Parse(fixture.Demo["OWNER"])).Split('.')[..2]) + ".c2lnbmF0dXJl";
        await page.GetByLabel("Bearer token from your identity provider").FillAsync(forged);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with token" }).ClickAsync();
        await Expect(page.Locator("#message")).ToContainTextAsync("sign in again");
        await Expect(page.Locator("#sign-out")).ToBeHiddenAsync();
        await ScreenshotAsync();
    }

    [Fact]
    public async Task its_pages_are_used_with_the_keyboard_and_have_no_serious_accessibility_violation()
    {
        await page.GotoAsync("/console/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        // Each page moves the focus to its content: the first Tab reaches the first control there; a button is pressed with Enter.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#view button").First).ToBeFocusedAsync();
        var violations = new List<string>();
        await CheckAsync("sign-in", violations);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Sign in as owner\.\d+@contoso\.test$") }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync();

        foreach (var tab in new[] { "overview", "users", "invite", "recycle-bin", "audit", "timeline", "compliance", "observability" })
        {
            await GoAsync($"#/tenants/{fixture.Tenant}/{tab}");
            await Expect(page.Locator("#view h1")).ToBeVisibleAsync();
            await CheckAsync(tab, violations);
        }

        await GoAsync($"#/accounts/{fixture.Demo["PROMOTED_ADMIN"]}");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Timeline" })).ToBeVisibleAsync();
        await CheckAsync("account", violations);

        violations.ShouldBeEmpty(string.Join("\n", violations));
        await ScreenshotAsync();
    }

    /// <summary>axe-core's serious and critical findings on the page as it is now.</summary>
    private async Task CheckAsync(string name, List<string> violations)
    {
        var result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page);
        result.Passes.Length.ShouldBeGreaterThan(10, $"axe-core checked the {name} page");
        violations.AddRange(result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(", ", v.Nodes.Select(n => n.Html))}"));
    }

    /// <summary>Does what sends a command the console then answers by rendering the page again, and waits for that rendering.</summary>
    private async Task AfterRenderAsync(Func<Task> action)
    {
        var before = await page.EvaluateAsync<int>("() => Number(document.body.dataset.renders || 0)");
        await action();
        await page.WaitForFunctionAsync("n => Number(document.body.dataset.renders || 0) > n", before);
    }

    /// <summary>Opens a page of the console and waits until the console has rendered it (not an earlier page).</summary>
    private async Task GoAsync(string hash)
    {
        await page.GotoAsync($"/console/{hash}");
        await page.WaitForFunctionAsync("hash => document.body.dataset.rendered === hash", hash);
    }

    [Fact]
    public async Task development_sign_in_answers_only_a_request_that_names_this_machine()
    {
        using var local = new HttpRequestMessage(HttpMethod.Get, "/console/dev/accounts");
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/console/dev/accounts");
        // A page of another site whose name was made to resolve here still names its own host.
        rebound.Headers.Host = "attacker.example";

        using var answered = await fixture.Http.SendAsync(local);
        using var refused = await fixture.Http.SendAsync(rebound);

        answered.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await answered.Content.ReadAsStringAsync()).ShouldContain(fixture.ManagerEmail);
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        var body = await refused.Content.ReadAsStringAsync();
        body.ShouldContain("development_sign_in_local_only");
        body.ShouldNotContain(fixture.ManagerEmail);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task SignInAsync(Regex account)
    {
        await page.GotoAsync("/console/");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = account }).ClickAsync();
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToHaveTextAsync("Sign in");
    }

    private async Task InviteAsync(string email)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("First name").FillAsync("Walter");
        await page.GetByLabel("Last name").FillAsync("Walkthrough");
        await page.GetByLabel("Tenant role").SelectOptionAsync("Operator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
    }

    private async Task ConfirmAsync(string reason)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason (kept in the audit trail)").FillAsync(reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
    }

    private async Task<Guid> AccountIdAsync(string email, string state = "Invited")
    {
        var users = await fixture.SendAsync(HttpMethod.Get, $"/tenants/{fixture.Tenant}/users?state={state}&q={Uri.EscapeDataString(email)}", null, fixture.Demo["OWNER_TOKEN"]);
        return users.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();
    }

    private Task ScreenshotAsync([System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.Screenshots, $"{name}.png"), FullPage = true });
}
