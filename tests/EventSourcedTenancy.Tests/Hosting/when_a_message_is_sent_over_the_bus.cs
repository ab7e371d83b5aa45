using System.Diagnostics;
using EventSourcedTenancy.Diagnostics;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Postgresql.Transport;
using Wolverine.Runtime;
using Xunit.Abstractions;

namespace EventSourcedTenancy.Tests.Hosting;

[Collection(ServiceTestCollection.Name)]
public sealed class when_a_message_is_sent_over_the_bus(ServiceFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task it_travels_through_the_postgresql_queue_and_is_handled()
    {
        var ping = new PingBus(Guid.NewGuid());

        var session = await fixture.Track()
            .SendMessageAndWaitAsync(ping);

        var sent = session.Sent.SingleEnvelope<PingBus>();
        sent.Destination.ShouldNotBeNull().Scheme.ShouldBe("postgresql");
        sent.Destination.ToString().ShouldContain(Settings.CommandQueue);

        var handled = session.Executed.SingleMessage<PingBus>();
        handled.Id.ShouldBe(ping.Id);
        session.FindSingleTrackedMessageOfType<BusPinged>().Id.ShouldBe(ping.Id);
    }

    [Fact]
    public void the_command_queue_listener_polls_well_under_a_second_when_idle()
    {
        // The transport's idle default is 5 s; a command would wait that long before being handled.
        var runtime = fixture.Host.Services.GetRequiredService<IWolverineRuntime>();
        var queue = runtime.Options.Transports.OfType<PostgresqlTransport>().Single()
            .Queues[Settings.CommandQueue];

        queue.IsListener.ShouldBeTrue();
        queue.PollingInterval.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        queue.MaximumMessagesToReceive.ShouldBeGreaterThanOrEqualTo(50);
    }

    [Fact]
    public async Task a_request_gets_its_reply_back_through_the_queue()
    {
        var ping = new PingBus(Guid.NewGuid());
        BusPinged? reply = null;

        var session = await fixture.Track()
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async context =>
                reply = await context.EndpointFor(Settings.CommandQueueUri).InvokeAsync<BusPinged>(ping, timeout: TimeSpan.FromSeconds(10))));

        reply.ShouldNotBeNull().Id.ShouldBe(ping.Id);
        session.Sent.SingleEnvelope<PingBus>().Destination.ShouldNotBeNull().Scheme.ShouldBe("postgresql");
    }

    [Fact]
    public async Task round_trips_are_reported()
    {
        using var scope = fixture.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var ping = new PingBus(Guid.NewGuid());
            var watch = Stopwatch.StartNew();
            var reply = await bus.EndpointFor(Settings.CommandQueueUri).InvokeAsync<BusPinged>(ping, timeout: TimeSpan.FromSeconds(10));
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            reply.Id.ShouldBe(ping.Id);
        }

        // Reported for information; speed is measured by the benchmarks, not asserted by tests.
        latencies.Sort();
        output.WriteLine($"request/reply over the queue: median {latencies[latencies.Count / 2]:F1} ms, max {latencies[^1]:F1} ms");
    }

    private ServiceSettings Settings => fixture.Host.Services.GetRequiredService<ServiceSettings>();
}
