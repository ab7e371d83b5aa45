using System.Net;
using System.Net.Sockets;
using EventSourcedTenancy.Identity;
using JasperFx;
using Microsoft.AspNetCore.Hosting.Server;

namespace EventSourcedTenancy.Hosting;

public static class Startup
{
    /// <summary>Command-line commands whose output is data, written to stdout alone (<see cref="CommandLineOutput"/>).</summary>
    private static readonly HashSet<string> DataCommands = ["token", "install", "audit-export", "audit-verify", "evidence-export", "evidence-verify", "seed-demo", "import-users"];

    /// <summary>Command-line commands that work without a database.</summary>
    private static readonly HashSet<string> CommandsWithoutDatabase = ["help", "token", "codegen", "describe", "capabilities", "event-model", "describe-event-model", "version", "evidence-verify", "openapi"];

    public static WebApplicationBuilder ConfigureLogging(this WebApplicationBuilder builder)
    {
        // Structured console logging; the formatter (json, simple, systemd) is set in appsettings.json.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        return builder;
    }

    /// <summary>
    /// Runs the JasperFx command line (`run` by default; `help` lists the Marten and Wolverine commands),
    /// turning the common start-up failures into a sentence that says what to do next.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app, string[] args, ServiceSettings settings)
    {
        var isRun = args.Length == 0 || args[0].StartsWith('-') || string.Equals(args[0], "run", StringComparison.OrdinalIgnoreCase);
        // A test host serves in memory (its server is not Kestrel): it binds no port, so a running service
        // on the default address does not concern it.
        var bindsPorts = app.Services.GetService<IServer>()?.GetType().Name.StartsWith("Kestrel", StringComparison.Ordinal) ?? true;
        if (isRun && bindsPorts && FirstBusyAddress(app.Configuration) is { } busy)
        {
            await Console.Error.WriteLineAsync(
                $"Cannot start: {busy} is already in use, probably by another instance of this service. " +
                "Stop that instance, or choose another address with --urls (for example --urls http://127.0.0.1:5081).");
            return 2;
        }

        if (isRun && KeyPolicy.Problem(app.Configuration, app.Environment.IsDevelopment()) is { } keys)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {keys}");
            return 2;
        }

        var command = isRun ? "run" : args[0].ToLowerInvariant();
        if (settings.Problem is { } problem && !CommandsWithoutDatabase.Contains(command))
        {
            await Console.Error.WriteLineAsync($"Cannot {command}: {problem}");
            return 2;
        }

        if (!settings.HasConnectionString && !CommandsWithoutDatabase.Contains(command))
        {
            await Console.Error.WriteLineAsync($"Cannot {command}: {ServiceSettings.MissingConnectionMessage}");
            return 2;
        }

        if (isRun && args.All(a => !string.Equals(a, "run", StringComparison.OrdinalIgnoreCase)))
        {
            // Plain start: no need for the command line's discovery of Marten and Wolverine commands.
            await app.RunAsync();
            return 0;
        }

        // A command whose output is data (a token, ids, an export, a verification result) writes it to stdout alone,
        // for files and pipes; what the command line says about itself (its discovery of commands, progress, logs)
        // goes to stderr. Commands that talk to a person (help, describe, ...) keep stdout.
        if (DataCommands.Contains(command))
        {
            CommandLineOutput.Data = Console.Out;
            Console.SetOut(Console.Error);
        }

        return await app.RunJasperFxCommands(args);
    }

    /// <summary>The first configured HTTP address whose port another process already holds.</summary>
    private static string? FirstBusyAddress(IConfiguration configuration)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? configuration["Urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            return null;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Port == 0)
            {
                continue;
            }

            var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host, out var ip) ? ip : IPAddress.Any;
            try
            {
                using var probe = new TcpListener(address, uri.Port);
                probe.Start();
                probe.Stop();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
        }

        return null;
    }
}

/// <summary>Where a command-line command writes its data: the process's stdout, while everything else goes to stderr.</summary>
public static class CommandLineOutput
{
    public static TextWriter Data { get; internal set; } = Console.Out;
}
