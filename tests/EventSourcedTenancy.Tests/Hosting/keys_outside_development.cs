using System.Diagnostics;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>
/// Outside Development the service starts only with keys of its own, and development tokens are minted only
/// in Development: the service is run as its own process, as an operator would.
/// </summary>
public sealed class keys_outside_development
{
    private const string OwnKey = "a-secret-of-this-installation-0123456789-abcdef";

    [Fact]
    public void the_published_keys_are_the_ones_the_development_settings_publish()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json")))!;
        KeyPolicy.PublishedKeys.ShouldBe(
            [(string)settings["Auth"]!["SigningKey"]!, (string)settings["Installation"]!["BootstrapKey"]!, (string)settings["Secrets"]!["SealingKey"]!], ignoreOrder: true);
    }

    [Theory]
    [InlineData("development-only-sealing-key-change-me-0123456789", false, "Secrets:SealingKey")]
    [InlineData("short-sealing-key", false, "Secrets:SealingKey")]
    [InlineData(OwnKey + "-sealing", false, null)]
    [InlineData(null, false, null)]
    [InlineData("development-only-sealing-key-change-me-0123456789", true, null)]
    public void the_key_policy_refuses_a_published_or_short_sealing_key_outside_development(string? sealing, bool development, string? problem)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = OwnKey,
            ["Secrets:SealingKey"] = sealing,
        }).Build();

        var found = KeyPolicy.Problem(configuration, development);

        if (problem is null)
        {
            found.ShouldBeNull();
        }
        else
        {
            found.ShouldNotBeNull().ShouldContain(problem);
        }
    }

    [Theory]
    [InlineData("development-only-signing-key-change-me-0123456789", null, false, "published")]
    [InlineData("too-short", null, false, "at least 32")]
    [InlineData(null, null, false, "at least 32")]
    [InlineData(OwnKey, "short", false, "Installation:BootstrapKey")]
    [InlineData(OwnKey, "development-installation-key", false, "Installation:BootstrapKey")]
    [InlineData(OwnKey, null, false, null)]
    [InlineData(OwnKey, OwnKey + "-installation", false, null)]
    [InlineData("development-only-signing-key-change-me-0123456789", "development-installation-key", true, null)]
    [InlineData("too-short", null, true, "at least 32")]
    public void the_key_policy_refuses_published_and_short_keys_outside_development(string? signing, string? bootstrap, bool development, string? problem)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = signing,
            ["Installation:BootstrapKey"] = bootstrap,
        }).Build();

        var found = KeyPolicy.Problem(configuration, development);

        if (problem is null)
        {
            found.ShouldBeNull();
        }
        else
        {
            found.ShouldNotBeNull().ShouldContain(problem);
        }
    }

    [Theory]
    [InlineData("development-only-signing-key-change-me-0123456789", null, "published")]
    [InlineData("short", null, "at least 32")]
    [InlineData(OwnKey, "development-installation-key", "Installation:BootstrapKey")]
    public async Task the_service_refuses_to_start_in_production_with_a_published_or_short_key(string signing, string? bootstrap, string expected)
    {
        var (exit, output) = await RunServiceAsync([], new() { ["Auth__SigningKey"] = signing, ["Installation__BootstrapKey"] = bootstrap });

        exit.ShouldBe(2, output);
        output.ShouldContain("Cannot start");
        output.ShouldContain(expected);
    }

    [Fact]
    public async Task the_token_command_mints_nothing_outside_development_and_caps_the_lifetime_in_development()
    {
        var account = await SuperuserAsync();

        var (production, productionOutput) = await RunServiceAsync(["token", account], new() { ["Auth__SigningKey"] = OwnKey });
        var (tooLong, tooLongOutput) = await RunServiceAsync(["token", account, "--hours", "100"], new(), development: true);
        var (allowed, allowedOutput) = await RunServiceAsync(["token", account, "--hours", "1"], new(), development: true);
        var allowedToken = LastStdout;

        production.ShouldNotBe(0, productionOutput);
        productionOutput.ShouldContain("only in the Development environment");
        productionOutput.ShouldNotMatch(@"[\w-]+\.[\w-]+\.[\w-]+\s*$");
        tooLong.ShouldNotBe(0, tooLongOutput);
        tooLongOutput.ShouldContain("at most 24");
        allowed.ShouldBe(0, allowedOutput);
        allowedToken.Trim().Split('.').Length.ShouldBe(3, allowedOutput);
    }

    private static readonly Lazy<Task<string>> Database = new(async () =>
    {
        var database = TestDatabase.Own("keys");
        await TestDatabase.RecreateAsync(database);
        return database;
    });

    private static Task<string> OwnDatabaseAsync() => Database.Value;

    /// <summary>The installation of the test's database, created once; its superuser's id.</summary>
    private static readonly Lazy<Task<string>> Superuser = new(async () =>
    {
        var (exit, output) = await RunServiceAsync(["install", "root@keys.test"], new(), development: true);
        exit.ShouldBe(0, output);
        return System.Text.RegularExpressions.Regex.Match(LastStdout ?? string.Empty, @"Superuser account:\s+(\S+)").Groups[1].Value;
    });

    private static Task<string> SuperuserAsync() => Superuser.Value;

    private static async Task<(int Exit, string Output)> RunServiceAsync(string[] args, Dictionary<string, string?> environment, bool development = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventSourcedTenancy.dll"));
        foreach (var arg in args.Length == 0 ? ["--urls", "http://127.0.0.1:0"] : args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = development ? "Development" : "Production";
        // A database of its own: a process that starts and is killed must hold nothing of the shared tests.
        start.Environment["ConnectionStrings__Postgres"] = await OwnDatabaseAsync();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The service did not stop: {await output}{await error}");
        }

        LastStdout = await output;
        return (process.ExitCode, LastStdout + await error);
    }

    /// <summary>What the last process run wrote to stdout alone.</summary>
    private static string LastStdout { get; set; } = string.Empty;

    [Fact]
    public async Task the_token_command_writes_the_token_alone_to_stdout_and_everything_else_to_stderr()
    {
        var (exit, output) = await RunServiceAsync(["token", await SuperuserAsync(), "--hours", "1"], new(), development: true);

        exit.ShouldBe(0, output);
        var stdout = LastStdout;
        stdout.Trim().ShouldMatch(@"^[\w-]+\.[\w-]+\.[\w-]+$", $"stdout holds the token and nothing else: {stdout}");
        output.ShouldContain("for commands", customMessage: "the command line's own discovery messages are written, to stderr");
    }

    [Fact]
    public async Task the_token_command_mints_nothing_for_an_id_that_names_no_account()
    {
        var (exit, output) = await RunServiceAsync(["token", Guid.NewGuid().ToString()], new(), development: true);

        exit.ShouldNotBe(0, output);
        output.ShouldContain("There is no account");
        LastStdout.Trim().ShouldBeEmpty("no token is written");
    }

    [Fact]
    public async Task outside_development_the_console_offers_no_development_sign_in()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventSourcedTenancy.dll"));
        var address = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__SigningKey"] = OwnKey;
        start.Environment["ConnectionStrings__Postgres"] = await OwnDatabaseAsync();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpResponseMessage? page = null;
            while (page is null && DateTime.UtcNow < deadline)
            {
                try
                {
                    page = await http.GetAsync(new Uri("/console/", UriKind.Relative));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            page.ShouldNotBeNull("the service did not answer within 60 s").StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            (await http.GetStringAsync(new Uri("/console/settings.json", UriKind.Relative))).ShouldContain("\"developmentSignIn\":false");
            (await http.GetAsync(new Uri("/console/dev/accounts", UriKind.Relative))).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
            using var mint = new StringContent("{\"accountId\":\"" + Guid.NewGuid() + "\"}", System.Text.Encoding.UTF8, "application/json");
            (await http.PostAsync(new Uri("/console/dev/token", UriKind.Relative), mint)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
