using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Integration.V1;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Tracking;

namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>
/// One running service per test collection: the real Program, the real Marten and Wolverine configuration,
/// against the test database, with the PostgreSQL queues as its bus. Data is reset between tests by
/// <see cref="ResetAsync"/>.
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    /// <summary>
    /// Program reads its configuration from the environment before a test host can add to it, so the variables are
    /// the channel; hosts of different configurations are built one at a time.
    /// </summary>
    private static readonly SemaphoreSlim Building = new(1, 1);

    /// <summary>
    /// The daemon learns of this process's commits from <see cref="DaemonWakeup"/>, not from polling: with an idle poll
    /// of ten minutes, every test that waits for a read model or an integration event proves it.
    /// </summary>
    public const string IdlePollingVariable = "EventStore__IdlePollingInterval";

    public const string IdlePolling = "00:10:00";

    /// <summary>The PostgreSQL queues, with two subscribing services that each get their own integration event queue.</summary>
    public ServiceFixture()
        : this(TestDatabase.ConnectionString(), new Dictionary<string, string?>
        {
            ["Bus__Transport"] = null, ["Bus__Subscribers"] = "billing,crm", [IdlePollingVariable] = IdlePolling,
        })
    {
    }

    protected ServiceFixture(string connectionString, IReadOnlyDictionary<string, string?> environment)
    {
        ConnectionString = connectionString;
        this.environment = environment;
    }

    private readonly IReadOnlyDictionary<string, string?> environment;

    public IAlbaHost Host { get; private set; } = null!;

    public string ConnectionString { get; }

    /// <summary>What the service logged at Information and above, as a log file would hold it.</summary>
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await EnsureDatabaseExistsAsync(ConnectionString);

        await Building.WaitAsync();
        var variables = new Dictionary<string, string?>(environment) { [TestDatabase.Variable] = ConnectionString };
        var previous = variables.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        // Hosts that tests build later find the shared test database in the variable, wherever it came from.
        previous[TestDatabase.Variable] = TestDatabase.ConnectionString();
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            // Warnings and errors only on the console: the tests provoke refusals on purpose, and each one would log
            // a line. Everything from Information up is captured, for the tests of what never reaches the logs.
            Host = await AlbaHost.For<Program>(builder => builder.ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddProvider(Logs)
                .AddFilter<CapturedLogs>(null, LogLevel.Information)));
        }
        finally
        {
            foreach (var (name, value) in previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            Building.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public Task ResetAsync() => Host.ResetAllMartenDataAsync();

    /// <summary>Runs a command through the service's pipeline in process, as its HTTP endpoints do.</summary>
    public Task<CommandOutcome> RunAsync(ITenancyCommand command, CommandMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return Host.MessageBus().InvokeAsync<CommandOutcome>(command, metadata.ToDelivery());
    }

    /// <summary>
    /// A tracked session over the real transports that leaves out the integration events the async daemon
    /// publishes in the background: nobody in this process receives them, so tracking would wait for them.
    /// </summary>
    public TrackedSessionConfiguration Track() =>
        Host.TrackActivity(TimeSpan.FromSeconds(30))
            .IncludeExternalTransports()
            .IgnoreMessagesMatchingType(type => IntegrationContract.Messages.Contains(type));

    /// <summary>
    /// Counts the events of the tenant and account streams: how tests prove that a rejected command wrote
    /// nothing. Marten's tombstones are left out: after a failed transaction Marten appends them to its own
    /// stream to fill the sequence numbers it used, and they belong to no aggregate.
    /// </summary>
    public async Task<long> CountEventsAsync()
    {
        var schema = Host.Services.GetRequiredService<ServiceSettings>().EventStoreSchema;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {schema}.mt_events where type <> 'tombstone'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task EnsureDatabaseExistsAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database ?? "tenancy_tests";
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceTestCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}

/// <summary>The same service with RabbitMQ as its bus, against a database of its own.</summary>
public sealed class RabbitMqServiceFixture()
    : ServiceFixture(TestDatabase.Own("rabbitmq"), new Dictionary<string, string?>
    {
        ["Bus__Transport"] = "RabbitMQ",
        [TestBroker.Variable] = TestBroker.ConnectionString(),
        [IdlePollingVariable] = IdlePolling,
    });

[CollectionDefinition(Name)]
public sealed class RabbitMqTestCollection : ICollectionFixture<RabbitMqServiceFixture>
{
    public const string Name = "service-rabbitmq";
}
