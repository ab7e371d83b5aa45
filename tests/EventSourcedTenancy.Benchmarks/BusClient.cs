using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>
/// A service of its own that sends commands to the command queue and waits for the replies: on the PostgreSQL
/// transport on a reply queue table of its own, on RabbitMQ on the reply queue Wolverine declares for it (the
/// client then needs no database at all).
/// </summary>
public sealed class BusClient : IDisposable
{
    private readonly IHost host;
    private readonly IMessageBus bus;
    private readonly Uri commands;

    private BusClient(IHost host, Uri commands)
    {
        this.host = host;
        this.commands = commands;
        bus = host.Services.GetRequiredService<IMessageBus>();
    }

    /// <summary>A client of the PostgreSQL queues in the service's database.</summary>
    public static Task<BusClient> StartAsync(string connectionString) => StartAsync(new Uri("postgresql://commands"), opts =>
    {
        opts.UsePostgresqlPersistenceAndTransport(connectionString, "bench_client", transportSchema: "wolverine_queues");
        opts.ListenToPostgresqlQueue("bench-replies").UseForReplies().PollingInterval(TimeSpan.FromMilliseconds(10)).MaximumMessagesToReceive(100);
        opts.Publish(rule =>
        {
            rule.MessagesFromNamespaceContaining<ResetPassword>();
            rule.Message<EventSourcedTenancy.Diagnostics.PingBus>();
            rule.ToPostgresqlQueue("commands");
        });
    });

    /// <summary>A client of the broker.</summary>
    public static Task<BusClient> StartRabbitMqAsync(string brokerUri) => StartAsync(new Uri("rabbitmq://queue/commands"), opts =>
    {
        opts.UseRabbitMq(new Uri(brokerUri));
        opts.Publish(rule =>
        {
            rule.MessagesFromNamespaceContaining<ResetPassword>();
            rule.Message<EventSourcedTenancy.Diagnostics.PingBus>();
            rule.ToRabbitQueue("commands").SendInline();
        });
    });

    private static async Task<BusClient> StartAsync(Uri commands, Action<WolverineOptions> transport)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Error))
            .UseWolverine(opts =>
            {
                opts.ServiceName = "bench-client";
                opts.UseRuntimeCompilation();
                // The service's strict JSON contract: enums by name, every required field present.
                opts.UseSystemTextJsonForSerialization(json => CommandJson.Apply(json));
                transport(opts);
            })
            .Build();
        await host.StartAsync();
        return new BusClient(host, commands);
    }

    /// <summary>Sends the command with the bearer token of the account it acts for, as a service does.</summary>
    public Task<CommandOutcome> SendAsync(object command, string bearerToken)
    {
        var delivery = CommandMetadata.Delivery(bearerToken, "bench-client");
        return bus.EndpointFor(commands).InvokeAsync<CommandOutcome>(command, delivery, timeout: TimeSpan.FromSeconds(30));
    }

    /// <summary>The diagnostic ping: a round trip through the transport and a handler that touches no database.</summary>
    public Task<EventSourcedTenancy.Diagnostics.BusPinged> PingAsync() =>
        bus.EndpointFor(commands).InvokeAsync<EventSourcedTenancy.Diagnostics.BusPinged>(new EventSourcedTenancy.Diagnostics.PingBus(Guid.NewGuid()), timeout: TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        host.StopAsync().GetAwaiter().GetResult();
        host.Dispose();
    }
}
