using System.Globalization;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;

// Sends InviteAdmin, ResendInvitation, SetAccountDeleted and RestoreAccount to the service's command queue
// and prints each reply. Usage:
//   dotnet run --project samples/BusClient -- --token <bearer token of an Owner> [--tenant <tenant-id>] [--instance <name>] [--schema <its own schema>]
// with ConnectionStrings__RabbitMQ pointing at the service's broker (when the service runs with
// Bus:Transport=RabbitMQ), or else ConnectionStrings__Postgres pointing at the service's database (the PostgreSQL
// queues). Every command carries the bearer token of the account it acts for (a service forwards the token of the
// person it acts for): the service checks it exactly as over HTTP, and never takes an actor-account header on trust.

var token = Option("--token");
var tenant = Option("--tenant") is { } t && Guid.TryParse(t, out var tenantId)
    ? tenantId
    : new Guid("00000000-0000-0000-0000-0000000000f1"); // the Infrastructure tenant
var broker = Environment.GetEnvironmentVariable("ConnectionStrings__RabbitMQ");
var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
if (string.IsNullOrWhiteSpace(token) || (string.IsNullOrWhiteSpace(broker) && string.IsNullOrWhiteSpace(connection)))
{
    Console.Error.WriteLine("Usage: ConnectionStrings__RabbitMQ=... (or ConnectionStrings__Postgres=...) dotnet run --project samples/BusClient -- --token <bearer token> [--tenant <tenant-id>]");
    Console.Error.WriteLine("The token must be an Owner's of the tenant (in Development: `dotnet run -- token <superuser id>` in src/EventSourcedTenancy).");
    return 2;
}

var commandQueue = Option("--queue") ?? "commands";
var rabbitMq = !string.IsNullOrWhiteSpace(broker);
var commands = rabbitMq ? new Uri($"rabbitmq://queue/{commandQueue}") : new Uri($"postgresql://{commandQueue}");
using var host = Host.CreateDefaultBuilder()
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Wolverine.Configuration", LogLevel.Error))
    .UseWolverine(opts =>
    {
        opts.ServiceName = "bus-client-sample";
        opts.UseRuntimeCompilation();
        // The service's strict JSON contract: enums by name, every required field present.
        opts.UseSystemTextJsonForSerialization(json => CommandJson.Apply(json));
        if (rabbitMq)
        {
            // Replies come back on the reply queue Wolverine declares for this process: every instance has its own,
            // with nothing to set up. The client needs no database.
            opts.UseRabbitMq(new Uri(broker!));
            opts.Publish(rule =>
            {
                rule.MessagesFromNamespaceContaining<InviteAdmin>();
                rule.ToRabbitQueue(commandQueue);
            });
            return;
        }

        // Its own schema for the client's inbox and outbox; the queues are the service's. The client creates what
        // is missing (its own tables, its reply queue) and never alters the service's tables, so it needs no more
        // than the privileges docs/bus.md lists.
        opts.UsePostgresqlPersistenceAndTransport(connection!, Option("--schema") ?? "bus_client_sample", transportSchema: "wolverine_queues");
        opts.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.CreateOnly;
        // Replies come back on a queue of this instance's own: two instances listening on one reply queue would take
        // each other's replies. The instance name defaults to the machine's; give each process on one machine its own.
        var instance = (Option("--instance") ?? Environment.MachineName).ToLowerInvariant();
        opts.ListenToPostgresqlQueue($"bus-client-replies-{instance}").UseForReplies().PollingInterval(TimeSpan.FromMilliseconds(10));
        opts.Publish(rule =>
        {
            rule.MessagesFromNamespaceContaining<InviteAdmin>();
            rule.ToPostgresqlQueue(commandQueue);
        });
    })
    .Build();
await host.StartAsync();

var bus = host.Services.GetRequiredService<IMessageBus>();
var email = $"sam.{DateTime.UtcNow:HHmmss}@example.com";

var invited = await SendAsync("InviteAdmin", new InviteAdmin(tenant, email, "Sam", "Sample", RoleRef.Of(SystemRole.Administrator), null, null));
if (invited.StreamId is not { } samId)
{
    return 1;
}

// The Owner resends the invitation, deletes the account, and restores it from the recycle bin. (Accepting the
// invitation is the invited person's own act, with their own token.)
await SendAsync("ResendInvitation", new ResendInvitation(samId));
await SendAsync("SetAccountDeleted", new SetAccountDeleted(samId, "Sample finished"));
// Sending the same command again shows a typed rejection: the account is already deleted.
await SendAsync("SetAccountDeleted (again)", new SetAccountDeleted(samId, "Sample finished"));
await SendAsync("RestoreAccount", new RestoreAccount(samId));

await host.StopAsync();
return 0;

async Task<CommandOutcome> SendAsync(string name, object command)
{
    var delivery = new DeliveryOptions();
    delivery.WithHeader(BusHeaders.Authorization, $"Bearer {token}");
    delivery.WithHeader(BusHeaders.SendingService, "bus-client-sample");
    var outcome = await bus.EndpointFor(commands)
        .InvokeAsync<CommandOutcome>(command, delivery, timeout: TimeSpan.FromSeconds(30));
    Console.WriteLine(outcome.Accepted
        ? $"{name,-26} accepted: {string.Join(", ", outcome.Events)} -> {string.Join(", ", outcome.StreamVersions.Select(v => $"{v.Key} v{v.Value.ToString(CultureInfo.InvariantCulture)}"))}"
        : $"{name,-26} rejected ({outcome.Kind}, {outcome.Code}): {outcome.Message}");
    return outcome;
}

static string? Option(string name)
{
    var args = Environment.GetCommandLineArgs();
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
