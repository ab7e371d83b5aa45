using EventSourcedTenancy.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace EventSourcedTenancy.Tests.Hosting;

public sealed class service_settings
{
    [Fact]
    public void a_connection_string_without_a_preparation_setting_gets_statements_prepared_on_their_second_use()
    {
        var prepared = new NpgsqlConnectionStringBuilder(ServiceSettings.WithStatementPreparation("Host=db;Database=tenancy;Username=app"));
        prepared.MaxAutoPrepare.ShouldBe(256);
        prepared.AutoPrepareMinUsages.ShouldBe(2);
        prepared.NoResetOnClose.ShouldBeTrue();
        prepared.Host.ShouldBe("db");
        prepared.Database.ShouldBe("tenancy");
        prepared.Username.ShouldBe("app");
    }

    [Theory]
    [InlineData("Host=db;Database=tenancy;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=tenancy;maxautoprepare=17", 17)]
    public void a_connection_string_that_sets_preparation_itself_is_kept_as_it_is(string configured, int expected)
    {
        ServiceSettings.WithStatementPreparation(configured).ShouldBe(configured);
        new NpgsqlConnectionStringBuilder(configured).MaxAutoPrepare.ShouldBe(expected);
    }

    [Fact]
    public void no_connection_string_stays_none()
    {
        ServiceSettings.WithStatementPreparation(null).ShouldBeNull();
        ServiceSettings.WithStatementPreparation(" ").ShouldBe(" ");
    }

    private static ServiceSettings From(params (string Key, string Value)[] values) =>
        ServiceSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Theory]
    [InlineData(null, BusTransport.PostgreSQL)]
    [InlineData("PostgreSQL", BusTransport.PostgreSQL)]
    [InlineData("rabbitmq", BusTransport.RabbitMQ)]
    [InlineData(" RabbitMQ ", BusTransport.RabbitMQ)]
    public void the_transport_is_read_by_name_in_any_case(string? configured, BusTransport expected)
    {
        var settings = configured is null
            ? From(("ConnectionStrings:RabbitMQ", "amqp://localhost/"))
            : From(("Bus:Transport", configured), ("ConnectionStrings:RabbitMQ", "amqp://localhost/"));
        settings.Transport.ShouldBe(expected);
        settings.Problem.ShouldBeNull();
        settings.CommandQueueUri.Scheme.ShouldBe(expected == BusTransport.RabbitMQ ? "rabbitmq" : "postgresql");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Kafka")]
    [InlineData("rabbit")]
    public void a_transport_that_names_none_stops_the_start_with_a_sentence_naming_the_choices(string configured)
    {
        var problem = From(("Bus:Transport", configured)).Problem.ShouldNotBeNull();
        problem.ShouldContain(configured);
        problem.ShouldContain("PostgreSQL");
        problem.ShouldContain("RabbitMQ");
    }

    [Theory]
    [InlineData(null, Wolverine.DurabilityMode.Solo)]
    [InlineData("solo", Wolverine.DurabilityMode.Solo)]
    [InlineData(" Balanced ", Wolverine.DurabilityMode.Balanced)]
    public void the_durability_mode_is_read_by_name_in_any_case_and_is_solo_when_absent(string? configured, Wolverine.DurabilityMode expected)
    {
        var settings = configured is null ? From() : From(("Bus:DurabilityMode", configured));
        settings.DurabilityMode.ShouldBe(expected);
        settings.Problem.ShouldBeNull();
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Cluster")]
    [InlineData("balance")]
    [InlineData("MediatorOnly")]
    [InlineData("Serverless")]
    public void a_durability_mode_that_names_none_stops_the_start_with_a_sentence_naming_the_choices(string configured)
    {
        var problem = From(("Bus:DurabilityMode", configured)).Problem.ShouldNotBeNull();
        problem.ShouldContain($"\"{configured}\"");
        problem.ShouldContain("Solo");
        problem.ShouldContain("Balanced");
    }

    [Fact]
    public void rabbitmq_without_a_broker_stops_the_start_and_says_how_to_get_one()
    {
        From(("Bus:Transport", "RabbitMQ")).Problem.ShouldBe(ServiceSettings.MissingBrokerMessage);
        ServiceSettings.MissingBrokerMessage.ShouldContain("ConnectionStrings__RabbitMQ");
    }

    [Fact]
    public void each_subscriber_gets_a_queue_of_its_own_and_without_subscribers_there_is_one_queue()
    {
        From(("Bus:Subscribers", " billing, crm ,billing")).IntegrationQueues.ShouldBe(["integration-events-billing", "integration-events-crm"]);
        From().IntegrationQueues.ShouldBe(["integration-events"]);
        From().IntegrationEventRetention.ShouldBe(TimeSpan.FromDays(7));
    }

    [Theory]
    [InlineData("Billing")]
    [InlineData("crm;drop")]
    [InlineData("9lives")]
    [InlineData("a-subscriber-name-longer-than-thirty")]
    public void a_subscriber_name_that_would_not_make_a_safe_queue_name_stops_the_start(string name)
    {
        From(("Bus:Subscribers", name)).Problem.ShouldNotBeNull().ShouldContain(name);
    }

    [Fact]
    public void a_retention_that_is_not_positive_stops_the_start()
    {
        From(("Bus:IntegrationEventRetention", "00:00:00")).Problem.ShouldNotBeNull().ShouldContain("IntegrationEventRetention");
    }

    [Fact]
    public void the_daemon_polls_every_five_seconds_when_idle_unless_configured_and_never_at_zero()
    {
        From().DaemonIdlePollingInterval.ShouldBe(TimeSpan.FromSeconds(5));
        From(("EventStore:IdlePollingInterval", "00:00:30")).DaemonIdlePollingInterval.ShouldBe(TimeSpan.FromSeconds(30));
        From(("EventStore:IdlePollingInterval", "00:00:00")).Problem.ShouldNotBeNull().ShouldContain("EventStore:IdlePollingInterval");
        From(("EventStore:IdlePollingInterval", "-00:00:01")).Problem.ShouldNotBeNull().ShouldContain("EventStore:IdlePollingInterval");
    }

    [Fact]
    public void projections_may_lag_thirty_seconds_before_readiness_warns_unless_configured_and_never_zero()
    {
        From().ProjectionLagWarning.ShouldBe(TimeSpan.FromSeconds(30));
        From().Problem.ShouldBeNull();
        From(("EventStore:LagWarning", "00:02:00")).ProjectionLagWarning.ShouldBe(TimeSpan.FromMinutes(2));
        From(("EventStore:LagWarning", "00:00:00")).Problem.ShouldNotBeNull().ShouldContain("EventStore:LagWarning");
        From(("EventStore:LagWarning", "-00:00:01")).Problem.ShouldNotBeNull().ShouldContain("EventStore:LagWarning");
    }
}
