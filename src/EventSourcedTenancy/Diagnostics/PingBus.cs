namespace EventSourcedTenancy.Diagnostics;

/// <summary>
/// Round trip through the command queue: a caller sends it and gets <see cref="BusPinged"/> back,
/// which proves the queue, the listener and request/reply work end to end.
/// </summary>
public sealed record PingBus(Guid Id);

public sealed record BusPinged(Guid Id, DateTimeOffset HandledAt);

public static class PingBusHandler
{
    public static BusPinged Handle(PingBus ping, TimeProvider clock) => new(ping.Id, clock.GetUtcNow());
}
