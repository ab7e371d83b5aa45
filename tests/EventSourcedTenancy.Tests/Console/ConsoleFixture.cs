using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace EventSourcedTenancy.Tests.Console;

/// <summary>
/// The console as a person meets it: the service started as its own process (Development, a database of its own,
/// the demo installation seeded by `seed-demo`, a Manager and a Viewer invited and accepted over HTTP, a user
/// account created) and a real
/// Chromium driven by Playwright. The browser is Debian's chromium (the Test target installs it when missing) or
/// the one named by <see cref="BrowserVariable"/>.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string BrowserVariable = "CONSOLE_TEST_BROWSER";

    private readonly List<string> serviceOutput = [];
    private Process? service;
    private IPlaywright? playwright;

    public Uri Address { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>What seed-demo wrote: TENANT, PARTNER, OWNER, SUPERUSER, their tokens and the moments between its steps.</summary>
    public IReadOnlyDictionary<string, string> Demo { get; private set; } = null!;

    public Guid Tenant => Guid.Parse(Demo["TENANT"]);

    public string ManagerEmail { get; } = "manager@console.test";

    public string ViewerEmail { get; } = "viewer@console.test";

    /// <summary>A standard user account (not an administrator) of the demo customer.</summary>
    public string UserEmail { get; } = "user@console.test";

    public TokenIssuer Tokens { get; } = new(
        TokenSettings.From(new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json")).Build()),
        TimeProvider.System);

    /// <summary>The repository's artifacts/console folder, where each test leaves its screenshot.</summary>
    public static string Screenshots
    {
        get
        {
            var path = Path.Combine(Repository.Root(), "artifacts", "console");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async Task InitializeAsync()
    {
        var connectionString = TestDatabase.Own("console");
        await TestDatabase.RecreateAsync(connectionString);
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connectionString };

        var demoFile = Path.Combine(Path.GetTempPath(), $"console-demo-{Guid.NewGuid():N}.env");
        var (exit, output) = await ServiceProcess.RunToEndAsync(["seed-demo", "--out", demoFile], environment);
        exit.ShouldBe(0, output);
        Demo = File.ReadAllLines(demoFile)
            .Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        File.Delete(demoFile);

        Address = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        service = Start(environment);
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        await WaitUntilReadyAsync();

        // A Manager and a Viewer of the demo customer, invited by its Owner and accepted by themselves.
        await InviteAndAcceptAsync(ManagerEmail, "Mona", "Manager", "Manager");
        await InviteAndAcceptAsync(ViewerEmail, "Vic", "Viewer", "Viewer");
        await SendAsync(HttpMethod.Post, $"/tenants/{Tenant}/users", new { email = UserEmail, firstName = "Uma", lastName = "User" }, Demo["OWNER_TOKEN"]);

        // The full test run shares two cores with other service processes: waits are generous, never a measure.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserPath(),
            Headless = true,
            // Running as root (CI, containers), Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        Http?.Dispose();
        if (service is { HasExited: false })
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }

        service?.Dispose();
    }

    /// <summary>The service's output so far, for a failing test's message.</summary>
    public string ServiceOutput()
    {
        lock (serviceOutput)
        {
            return string.Join('\n', serviceOutput.TakeLast(60));
        }
    }

    /// <summary>Sends a command over HTTP as the account of <paramref name="token"/> and returns the outcome's JSON.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, string token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>How many events the store holds: a refused action writes none.</summary>
    public async Task<long> EventCountAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.Own("console"));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select count(*) from tenancy.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task InviteAndAcceptAsync(string email, string first, string last, string role)
    {
        var invited = await SendAsync(HttpMethod.Post, $"/tenants/{Tenant}/admins",
            new { email, firstName = first, lastName = last, role = new { role, customRoleId = (Guid?)null }, workspaceId = (Guid?)null, workspaceRole = (string?)null },
            Demo["OWNER_TOKEN"]);
        var id = Guid.Parse(invited.GetProperty("streamVersions").EnumerateObject().First().Name);
        await SendAsync(HttpMethod.Post, $"/accounts/{id}/invitation/accept", null, Tokens.Mint(id));
    }

    private static string BrowserPath()
    {
        var configured = Environment.GetEnvironmentVariable(BrowserVariable);
        var path = string.IsNullOrWhiteSpace(configured) ? "/usr/bin/chromium" : configured;
        File.Exists(path).ShouldBeTrue(
            $"The console tests need Chromium at {path}: run them with `dotnet cake --target=Test` (it installs Debian's chromium when missing), " +
            $"install it (apt-get install chromium), or set {BrowserVariable} to a Chromium executable.");
        return path;
    }

    private Process Start(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventSourcedTenancy.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Address.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (serviceOutput)
            {
                serviceOutput.Add(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            service!.HasExited.ShouldBeFalse($"the service process exited while starting:\n{ServiceOutput()}");
            try
            {
                using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The service did not become ready within 60 s:\n{ServiceOutput()}");
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleTestCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
