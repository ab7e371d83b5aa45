using System.Collections.Concurrent;
using System.Diagnostics;

namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>
/// Counts the commands Npgsql sends to PostgreSQL (one activity per command or batch, each one round trip)
/// within one trace: a request sent with a traceparent header of that trace, and everything it caused in
/// the service's process. Background work (the daemon, the queue listeners) belongs to other traces.
/// </summary>
public sealed class DatabaseRoundTrips : IDisposable
{
    private readonly ConcurrentQueue<Activity> commands = new();
    private readonly ActivityListener listener;

    public DatabaseRoundTrips()
    {
        listener = new ActivityListener
        {
            // ASP.NET Core's request activity carries the trace from the header to Npgsql's activities.
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql")
                {
                    commands.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>A new trace and the traceparent header value that starts a request in it.</summary>
    public static (ActivityTraceId Trace, string TraceParent) NewTrace()
    {
        var trace = ActivityTraceId.CreateRandom();
        return (trace, $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
    }

    /// <summary>The statements (or batches) sent in the trace, by their text, in the order they finished.</summary>
    public IReadOnlyList<string> In(ActivityTraceId trace) =>
        [.. commands.Where(a => a.TraceId == trace).Select(a => a.DisplayName)];

    public void Dispose() => listener.Dispose();
}
