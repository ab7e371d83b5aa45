using Npgsql;

namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>
/// Where the integration tests find PostgreSQL: ConnectionStrings__Postgres (set by `dotnet cake --target=Test`),
/// or else the repository's local cluster started by `dotnet cake --target=Database`.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "ConnectionStrings__Postgres";

    /// <summary>
    /// Read once: fixtures set the variable for a moment while they build a host against a database of their own, and
    /// a fixture constructed in that moment must still get the shared test database.
    /// </summary>
    public static string ConnectionString() => Shared.Value;

    private static readonly Lazy<string> Shared = new(Find);

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, ".data", "postgres", "connection-string");
            if (File.Exists(file))
            {
                return File.ReadAllText(file).Trim().Replace("Database=tenancy;", "Database=tenancy_tests;", StringComparison.Ordinal);
            }
        }

        throw new InvalidOperationException(
            "The integration tests need PostgreSQL. Run them with `dotnet cake --target=Test`, which starts one, " +
            $"or start the local one with `dotnet cake --target=Database`, or set {Variable}.");
    }

    /// <summary>
    /// A database of its own beside the shared test database (same server, name suffixed), for tests that start
    /// service processes or hosts of their own: they must not take commands off the shared queue, lead the shared
    /// daemon, or hold messages of the shared fixture when they are killed.
    /// </summary>
    public static string Own(string suffix)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString());
        builder.Database = $"{builder.Database ?? "tenancy_tests"}_{suffix}";
        return builder.ConnectionString;
    }

    /// <summary>Drops the database of the connection string if it exists and creates it empty.</summary>
    public static async Task RecreateAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database!.Replace("\"", "\"\"", StringComparison.Ordinal);
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", $"CREATE DATABASE \"{database}\"" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
