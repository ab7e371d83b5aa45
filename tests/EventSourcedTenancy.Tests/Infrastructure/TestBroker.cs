namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>
/// Where the integration tests find RabbitMQ: ConnectionStrings__RabbitMQ (set by `dotnet cake --target=Test`),
/// or else the repository's local node started by `dotnet cake --target=Broker`.
/// </summary>
public static class TestBroker
{
    public const string Variable = "ConnectionStrings__RabbitMQ";

    public static string ConnectionString()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, ".data", "rabbitmq", "ports");
            if (File.Exists(file))
            {
                var amqp = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return $"amqp://guest:guest@127.0.0.1:{amqp}/";
            }
        }

        throw new InvalidOperationException(
            "The bus tests need RabbitMQ. Run them with `dotnet cake --target=Test`, which starts one, " +
            $"or start the local one with `dotnet cake --target=Broker`, or set {Variable}.");
    }
}
