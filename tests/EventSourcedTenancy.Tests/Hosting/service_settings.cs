using EventSourcedTenancy.Hosting;
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
}
