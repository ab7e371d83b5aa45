using System.Diagnostics;

namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>Users of the local RabbitMQ node, made with its own rabbitmqctl, as an operator would make them.</summary>
public static class BrokerUsers
{
    /// <summary>Adds a user with the permissions docs/bus.md names for a sending service, and returns its AMQP URI.</summary>
    public static async Task<Uri> AddSenderAsync(string name, string password)
    {
        var node = TestBroker.LocalNode() ?? throw new InvalidOperationException(
            "This test adds a broker user: it needs the local RabbitMQ node that `dotnet cake --target=Test` starts.");
        await CtlAsync(node, "add_user", name, password);
        await CtlAsync(node, "set_permissions", "-p", "/", name, SenderPermissions.Configure, SenderPermissions.Write, SenderPermissions.Read);
        var broker = new UriBuilder(TestBroker.ConnectionString()) { UserName = name, Password = password };
        return broker.Uri;
    }

    public static async Task RemoveAsync(string name)
    {
        if (TestBroker.LocalNode() is { } node)
        {
            await CtlAsync(node, "delete_user", name);
        }
    }

    private static async Task CtlAsync(DirectoryInfo node, params string[] arguments)
    {
        var ports = (await File.ReadAllTextAsync(Path.Combine(node.FullName, "ports"))).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-n", "tenancy@localhost", "--erlang-cookie", (await File.ReadAllTextAsync(Path.Combine(node.FullName, ".erlang.cookie"))).Trim(), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ERL_EPMD_PORT"] = ports[2];
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {arguments[0]} failed ({process.ExitCode}): {output}");
        }
    }
}

/// <summary>A sending service's broker permissions (docs/bus.md): configure, write and read, as regular expressions on resource names.</summary>
public static class SenderPermissions
{
    /// <summary>Declare its own reply queue.</summary>
    public const string Configure = "^wolverine\\.response\\..*";

    /// <summary>Publish through the default exchange (to the command queue).</summary>
    public const string Write = "^amq\\.default$";

    /// <summary>Consume its own reply queue.</summary>
    public const string Read = "^wolverine\\.response\\..*";
}
