using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>
/// The requests Kestrel refuses before any application code runs (a NUL in the path, an over-long request
/// line) get a ProblemDetails body with a code too, over a real socket to the service as its own process;
/// the answers before them on the same connection pass unchanged.
/// </summary>
public sealed class requests_kestrel_refuses : IAsyncLifetime
{
    private readonly int port = ServiceProcess.FreePort();
    private Process? service;

    public async Task InitializeAsync()
    {
        // The process is killed at the end: on a database of its own it can hold nothing the other tests wait for.
        var database = TestDatabase.Own("kestrel");
        await TestDatabase.RecreateAsync(database);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventSourcedTenancy.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Postgres"] = database;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        service = Process.Start(start)!;
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The service did not start.");
    }

    public Task DisposeAsync()
    {
        service?.Kill(entireProcessTree: true);
        service?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task a_nul_in_the_path_is_answered_with_a_problem_and_a_code()
    {
        var answer = await SendAsync("GET /tenants/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");

        answer.ShouldStartWith("HTTP/1.1 400");
        answer.ShouldContain("Content-Type: application/problem+json");
        answer.ShouldContain("\"code\":\"malformed_request\"");
        answer.ShouldContain("\"detail\":");
    }

    [Fact]
    public async Task a_request_line_over_the_limit_is_answered_with_a_problem_and_a_code()
    {
        var answer = await SendAsync($"GET /{new string('p', 70_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n");

        answer.ShouldStartWith("HTTP/1.1 414");
        answer.ShouldContain("\"code\":\"target_too_long\"");
    }

    [Fact]
    public async Task the_answers_before_a_refusal_on_the_same_connection_pass_unchanged()
    {
        var answer = await SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\nGET /tenants/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");

        answer.ShouldStartWith("HTTP/1.1 200");
        answer.ShouldContain("Healthy");
        answer.ShouldContain("HTTP/1.1 400");
        answer.ShouldContain("\"code\":\"malformed_request\"");
    }

    private async Task<string> SendAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
