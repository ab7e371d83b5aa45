namespace EventSourcedTenancy.Hosting;

/// <summary>
/// Every setting the service reads, with its default. The README's "Configuration" table mirrors this file.
/// </summary>
public sealed record ServiceSettings
{
    /// <summary>Name of the connection string (<c>ConnectionStrings__Postgres</c> as an environment variable).</summary>
    public const string ConnectionStringName = "Postgres";

    public string? ConnectionString { get; init; }

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

    /// <summary>The durable queue that integration events are published on, for other services.</summary>
    public string IntegrationQueue { get; init; } = "integration-events";

    /// <summary>Wolverine's address of the command queue, for request/reply over the bus.</summary>
    public Uri CommandQueueUri => new($"postgresql://{CommandQueue}");

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
            EventStoreSchema = store["Schema"] ?? defaults.EventStoreSchema,
            MessageStorageSchema = bus["StorageSchema"] ?? defaults.MessageStorageSchema,
            QueueSchema = bus["QueueSchema"] ?? defaults.QueueSchema,
            CommandQueue = bus["CommandQueue"] ?? defaults.CommandQueue,
            IntegrationQueue = bus["IntegrationQueue"] ?? defaults.IntegrationQueue,
            QueuePollingInterval = bus.GetValue("PollingInterval", defaults.QueuePollingInterval),
            QueueBatchSize = bus.GetValue("BatchSize", defaults.QueueBatchSize),
        };
    }

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
}
