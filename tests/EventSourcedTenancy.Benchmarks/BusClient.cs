using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Postgresql;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>A service of its own that sends commands to the command queue and waits for the replies on its own queue.</summary>
public sealed class BusClient : IDisposable
{
    private readonly IHost host;
    private readonly IMessageBus bus;

    private BusClient(IHost host)
    {
        this.host = host;
        bus = host.Services.GetRequiredService<IMessageBus>();
    }

    public static async Task<BusClient> StartAsync(string connectionString)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Error))
            .UseWolverine(opts =>
            {
                opts.ServiceName = "bench-client";
                opts.UseRuntimeCompilation();
                // The service's strict JSON contract: enums by name, every required field present.
                opts.UseSystemTextJsonForSerialization(json => CommandJson.Apply(json));
                opts.UsePostgresqlPersistenceAndTransport(connectionString, "bench_client", transportSchema: "wolverine_queues");
                opts.ListenToPostgresqlQueue("bench-replies").UseForReplies().PollingInterval(TimeSpan.FromMilliseconds(10)).MaximumMessagesToReceive(100);
                opts.Publish(rule =>
                {
                    rule.MessagesFromNamespaceContaining<ResetPassword>();
                    rule.ToPostgresqlQueue("commands");
                });
            })
            .Build();
        await host.StartAsync();
        return new BusClient(host);
    }

    /// <summary>Sends the command with the bearer token of the account it acts for, as a service does.</summary>
    public Task<CommandOutcome> SendAsync(object command, string bearerToken)
    {
        var delivery = CommandMetadata.Delivery(bearerToken, "bench-client");
        return bus.EndpointFor(new Uri("postgresql://commands")).InvokeAsync<CommandOutcome>(command, delivery, timeout: TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        host.StopAsync().GetAwaiter().GetResult();
        host.Dispose();
    }
}
