namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>
/// Where the integration tests find RabbitMQ: ConnectionStrings__RabbitMQ (set by `dotnet cake --target=Test`),
/// or else the repository's local node started by `dotnet cake --target=Broker`.
/// </summary>
public static class TestBroker
{
    public const string Variable = "ConnectionStrings__RabbitMQ";

    public static string ConnectionString()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, ".data", "rabbitmq", "ports");
            if (File.Exists(file))
            {
                var amqp = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return $"amqp://guest:guest@127.0.0.1:{amqp}/";
            }
        }

        throw new InvalidOperationException(
            "The bus tests need RabbitMQ. Run them with `dotnet cake --target=Test`, which starts one, " +
            $"or start the local one with `dotnet cake --target=Broker`, or set {Variable}.");
    }

    /// <summary>
    /// The local node's folder (.data/rabbitmq, written by the build) when the tests use that node; null for a broker
    /// configured elsewhere. Only the local node can be restarted by a test.
    /// </summary>
    public static DirectoryInfo? LocalNode()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var node = new DirectoryInfo(Path.Combine(dir.FullName, ".data", "rabbitmq"));
            var ports = Path.Combine(node.FullName, "ports");
            if (File.Exists(ports))
            {
                var amqp = File.ReadAllText(ports).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return new Uri(ConnectionString()).Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == amqp ? node : null;
            }
        }

        return null;
    }

    /// <summary>Stops the local node (SIGTERM, as an operator's restart does) and starts it again with the build's script.</summary>
    public static async Task RestartLocalNodeAsync(TimeSpan down)
    {
        var node = LocalNode() ?? throw new InvalidOperationException(
            "This test restarts the broker: it needs the local RabbitMQ node that `dotnet cake --target=Test` starts, not ConnectionStrings__RabbitMQ pointing elsewhere.");
        var pid = int.Parse(File.ReadAllText(Path.Combine(node.FullName, "rabbitmq.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using (var server = System.Diagnostics.Process.GetProcessById(pid))
        {
            await RunAsync("kill", $"-TERM {pid}");
            await server.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        }

        await Task.Delay(down);
        var script = Path.Combine(node.FullName, "start.sh");
        if (Environment.UserName == "root")
        {
            await RunAsync("runuser", $"-u rabbitmq -- setsid sh \"{script}\"");
        }
        else
        {
            await RunAsync("setsid", $"sh \"{script}\"");
        }

        // Ready when a client can connect again.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                await using var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(ConnectionString()) }.CreateConnectionAsync();
                return;
            }
            catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task RunAsync(string tool, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, arguments) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{tool} {arguments}` failed with exit code {process.ExitCode}.");
        }
    }
}
