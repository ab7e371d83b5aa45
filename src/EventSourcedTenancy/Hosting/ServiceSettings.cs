using Wolverine;

namespace EventSourcedTenancy.Hosting;

/// <summary>What carries commands, replies and integration events between the service and other services.</summary>
public enum BusTransport
{
    /// <summary>Queue tables in the service's own PostgreSQL: nothing to install, polled.</summary>
    PostgreSQL,

    /// <summary>A RabbitMQ broker: pushed deliveries, a fanout exchange for integration events.</summary>
    RabbitMQ,
}

/// <summary>
/// Every setting the service reads, with its default. The README's "Configuration" table mirrors this file.
/// </summary>
public sealed partial record ServiceSettings
{
    /// <summary>Name of the connection string (<c>ConnectionStrings__Postgres</c> as an environment variable).</summary>
    public const string ConnectionStringName = "Postgres";

    /// <summary>Name of the broker's connection string (<c>ConnectionStrings__RabbitMQ</c>), used with <see cref="BusTransport.RabbitMQ"/>.</summary>
    public const string BrokerConnectionStringName = "RabbitMQ";

    public string? ConnectionString { get; init; }

    /// <summary>The bus transport (<c>Bus:Transport</c>): PostgreSQL by default, RabbitMQ for production.</summary>
    public BusTransport Transport { get; init; } = BusTransport.PostgreSQL;

    /// <summary>An AMQP URI such as <c>amqp://user:password@host:5672/vhost</c>; required with RabbitMQ.</summary>
    public string? BrokerConnectionString { get; init; }

    /// <summary>Placeholder that lets the host build when nothing is configured; never connected to.</summary>
    public const string UnconfiguredConnectionString = "Host=unconfigured.invalid;Database=none";

    /// <summary>Schema of the event store and the read models.</summary>
    public string EventStoreSchema { get; init; } = "tenancy";

    /// <summary>Schema of Wolverine's inbox, outbox and node tables.</summary>
    public string MessageStorageSchema { get; init; } = "wolverine";

    /// <summary>Schema of the PostgreSQL queue tables.</summary>
    public string QueueSchema { get; init; } = "wolverine_queues";

    /// <summary>The durable queue that incoming commands arrive on.</summary>
    public string CommandQueue { get; init; } = "commands";

    /// <summary>The durable queue that integration events are published on, for other services (PostgreSQL transport).</summary>
    public string IntegrationQueue { get; init; } = "integration-events";

    /// <summary>
    /// The services that subscribe to integration events over the PostgreSQL transport (<c>Bus:Subscribers</c>, names
    /// separated by commas). Each gets a queue of its own, <c>{IntegrationQueue}-{name}</c>, with a copy of every
    /// event; with none configured, every event goes to the one <see cref="IntegrationQueue"/>.
    /// </summary>
    public IReadOnlyList<string> Subscribers { get; init; } = [];

    /// <summary>The queues integration events are published on with the PostgreSQL transport.</summary>
    public IReadOnlyList<string> IntegrationQueues =>
        Subscribers.Count == 0 ? [IntegrationQueue] : [.. Subscribers.Select(name => $"{IntegrationQueue}-{name}")];

    /// <summary>The table of a PostgreSQL queue, as Wolverine names it (hyphens become underscores), quoted for SQL.</summary>
    public string QueueTable(string queue) =>
        $"\"{QueueSchema}\".\"wolverine_queue_{queue.Replace('-', '_').ToLowerInvariant()}\"";

    /// <summary>
    /// How long an integration event nobody consumed stays in a PostgreSQL queue before it is removed
    /// (<c>Bus:IntegrationEventRetention</c>): such a queue would otherwise grow without bound and keep personal data.
    /// </summary>
    public TimeSpan IntegrationEventRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The fanout exchange that integration events are published to (RabbitMQ transport): each subscribing service
    /// binds a queue of its own and gets its own copy of every event.
    /// </summary>
    public string IntegrationExchange { get; init; } = "integration-events";

    /// <summary>Wolverine's address of the command queue, for request/reply over the bus.</summary>
    public Uri CommandQueueUri => Transport == BusTransport.RabbitMQ
        ? new($"rabbitmq://queue/{CommandQueue}")
        : new($"postgresql://{CommandQueue}");

    /// <summary>
    /// How the service's processes share the messages they keep in PostgreSQL (Wolverine's durability mode).
    /// <see cref="DurabilityMode.Solo"/>, the default: one service process per database; a restarted process takes
    /// over at once everything the one before it held (a command it was handling when killed, integration events in
    /// its outbox), and an idle process polls PostgreSQL only for scheduled retries, released messages and its
    /// projections. <see cref="DurabilityMode.Balanced"/>: several processes share the database; they write
    /// heartbeats every <see cref="NodeHeartbeatInterval"/>, elect a leader, and one takes over a killed process's
    /// messages after <see cref="StaleNodeTimeout"/>.
    /// </summary>
    public DurabilityMode DurabilityMode { get; init; } = DurabilityMode.Solo;

    /// <summary>
    /// How long a service node may miss its heartbeat before another node (or the restarted service) takes over
    /// the messages it held: a command it was handling when it was killed, integration events in its outbox.
    /// Wolverine's own default is a minute; a node writes its heartbeat every <see cref="NodeHeartbeatInterval"/>.
    /// </summary>
    public TimeSpan StaleNodeTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How often the async daemon looks for new events when none were committed in this process (<see cref="DaemonWakeup"/>
    /// wakes it at once after a commit here): how long an event appended by another process may wait for its projections
    /// and integration event, against the idle service's load on PostgreSQL.
    /// </summary>
    public TimeSpan DaemonIdlePollingInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old the oldest event an async projection or subscription has not processed yet may be before
    /// <c>/health/ready</c> reports Degraded (the audit trail, the read models or the integration events are that late).
    /// </summary>
    public TimeSpan ProjectionLagWarning { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node writes its heartbeat and looks for stale nodes (Wolverine's default is 10 s).</summary>
    public TimeSpan NodeHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often an idle queue listener looks for new messages. The transport's own default is 5 s,
    /// which makes a command wait seconds before it is handled; each poll costs the database a few statements
    /// (README, Configuration: latency and idle load at 10 and 50 ms).
    /// </summary>
    public TimeSpan QueuePollingInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How many messages a listener takes in one poll.</summary>
    public int QueueBatchSize { get; init; } = 100;

    public static ServiceSettings From(IConfiguration configuration)
    {
        var defaults = new ServiceSettings();
        var bus = configuration.GetSection("Bus");
        var store = configuration.GetSection("EventStore");
        return new ServiceSettings
        {
            ConnectionString = WithStatementPreparation(configuration.GetConnectionString(ConnectionStringName)),
            Transport = TryParseTransport(bus["Transport"], out var transport) ? transport : defaults.Transport,
            TransportProblem = TryParseTransport(bus["Transport"], out _) ? null :
                $"Bus:Transport is \"{bus["Transport"]}\"; it must be PostgreSQL (the default) or RabbitMQ (with ConnectionStrings__RabbitMQ).",
            DurabilityMode = TryParseDurabilityMode(bus["DurabilityMode"], out var mode) ? mode : defaults.DurabilityMode,
            DurabilityModeProblem = TryParseDurabilityMode(bus["DurabilityMode"], out _) ? null :
                $"Bus:DurabilityMode is \"{bus["DurabilityMode"]}\"; it must be Solo (the default: one service process per database) or Balanced (several processes share the database).",
            BrokerConnectionString = configuration.GetConnectionString(BrokerConnectionStringName),
            IntegrationExchange = bus["IntegrationExchange"] ?? defaults.IntegrationExchange,
            Subscribers = ParseSubscribers(bus["Subscribers"]),
            IntegrationEventRetention = bus.GetValue("IntegrationEventRetention", defaults.IntegrationEventRetention),
            StaleNodeTimeout = bus.GetValue("StaleNodeTimeout", defaults.StaleNodeTimeout),
            NodeHeartbeatInterval = bus.GetValue("NodeHeartbeatInterval", defaults.NodeHeartbeatInterval),
            EventStoreSchema = store["Schema"] ?? defaults.EventStoreSchema,
            DaemonIdlePollingInterval = store.GetValue("IdlePollingInterval", defaults.DaemonIdlePollingInterval),
            ProjectionLagWarning = store.GetValue("LagWarning", defaults.ProjectionLagWarning),
            MessageStorageSchema = bus["StorageSchema"] ?? defaults.MessageStorageSchema,
            QueueSchema = bus["QueueSchema"] ?? defaults.QueueSchema,
            CommandQueue = bus["CommandQueue"] ?? defaults.CommandQueue,
            IntegrationQueue = bus["IntegrationQueue"] ?? defaults.IntegrationQueue,
            QueuePollingInterval = bus.GetValue("PollingInterval", defaults.QueuePollingInterval),
            QueueBatchSize = bus.GetValue("BatchSize", defaults.QueueBatchSize),
        };
    }

    /// <summary>Reads <c>Bus:Transport</c>: absent means PostgreSQL; otherwise a name in any case, never a number.</summary>
    public static bool TryParseTransport(string? value, out BusTransport transport) => TryParseName(value, BusTransport.PostgreSQL, out transport);

    /// <summary>Reads <c>Bus:DurabilityMode</c>: absent means Solo; otherwise Solo or Balanced by name in any case, never a number (Wolverine's other modes run no bus).</summary>
    public static bool TryParseDurabilityMode(string? value, out DurabilityMode mode) =>
        TryParseName(value, DurabilityMode.Solo, out mode) && mode is DurabilityMode.Solo or DurabilityMode.Balanced;

    private static bool TryParseName<T>(string? value, T absent, out T parsed)
        where T : struct, Enum
    {
        parsed = absent;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(value.Trim(), candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                parsed = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>What is wrong with the bus or event store configuration, in a sentence that says what to do; null when nothing is.</summary>
    public string? Problem
    {
        get
        {
            if (TransportProblem is not null)
            {
                return TransportProblem;
            }

            if (DurabilityModeProblem is not null)
            {
                return DurabilityModeProblem;
            }

            if (Transport == BusTransport.RabbitMQ && string.IsNullOrWhiteSpace(BrokerConnectionString))
            {
                return MissingBrokerMessage;
            }

            if (Subscribers.FirstOrDefault(name => !SubscriberName().IsMatch(name)) is { } bad)
            {
                return $"Bus:Subscribers names \"{bad}\"; a subscriber's name is 1 to 30 lower-case letters, digits or hyphens, starting with a letter (for example billing,crm).";
            }

            if (IntegrationEventRetention <= TimeSpan.Zero)
            {
                return "Bus:IntegrationEventRetention must be a positive time span (for example 7.00:00:00).";
            }

            if (ProjectionLagWarning <= TimeSpan.Zero)
            {
                return "EventStore:LagWarning must be a positive time span (for example 00:00:30).";
            }

            return DaemonIdlePollingInterval <= TimeSpan.Zero
                ? "EventStore:IdlePollingInterval must be a positive time span (for example 00:00:05)."
                : null;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9-]{0,29}$")]
    private static partial System.Text.RegularExpressions.Regex SubscriberName();

    /// <summary>The names of <c>Bus:Subscribers</c>, comma-separated, each trimmed; duplicates once.</summary>
    public static IReadOnlyList<string> ParseSubscribers(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>Set when <c>Bus:Transport</c> names no transport (the service then refuses to start).</summary>
    public string? TransportProblem { get; init; }

    /// <summary>Set when <c>Bus:DurabilityMode</c> names no mode (the service then refuses to start).</summary>
    public string? DurabilityModeProblem { get; init; }

    /// <summary>
    /// Npgsql prepares a statement the second time it runs on a connection (up to 256 per connection), so PostgreSQL
    /// parses and plans the service's few dozen distinct statements once per connection instead of on every command.
    /// Connections go back to the pool without Npgsql's reset: with prepared statements kept, the reset is seven
    /// statements on every return, and the service changes no session state (the daemon's advisory locks are released
    /// explicitly). A connection string that sets <c>Max Auto Prepare</c> itself is kept as it is (0 turns it off).
    /// </summary>
    public static string? WithStatementPreparation(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        if (connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase) ||
            connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 256, AutoPrepareMinUsages = 2, NoResetOnClose = true }.ConnectionString;
    }

    public const string MissingConnectionMessage =
        "No PostgreSQL is configured. Start the service with `dotnet cake --target=Run`, which starts a local " +
        "PostgreSQL for you, or set the environment variable ConnectionStrings__Postgres " +
        "(for example \"Host=127.0.0.1;Port=5432;Database=tenancy;Username=postgres\"; " +
        "`dotnet cake --target=Database` prints the local one's).";

    public bool HasConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public const string MissingBrokerMessage =
        "Bus:Transport is RabbitMQ but no broker is configured. Set the environment variable ConnectionStrings__RabbitMQ " +
        "(for example \"amqp://guest:guest@127.0.0.1:5672/\"), or run with `dotnet cake --target=Run --bus=rabbitmq`, " +
        "which starts a local RabbitMQ for you.";
}
