namespace EventSourcedTenancy.Commands;

/// <summary>
/// An event's time as PostgreSQL stores it. An inline projection sees the event's in-memory timestamp
/// (100 ns ticks); a rebuild reads the stored one (microseconds). Projections use this so both agree.
/// </summary>
public static class EventTime
{
    public static DateTimeOffset Stored(DateTimeOffset timestamp) =>
        new(timestamp.UtcTicks - (timestamp.UtcTicks % 10), TimeSpan.Zero);
}
