namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>
/// Where the integration tests find PostgreSQL: ConnectionStrings__Postgres (set by `dotnet cake --target=Test`),
/// or else the repository's local cluster started by `dotnet cake --target=Database`.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "ConnectionStrings__Postgres";

    public static string ConnectionString()
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
}
