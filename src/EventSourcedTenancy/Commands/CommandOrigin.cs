using Wolverine;

namespace EventSourcedTenancy.Commands;

/// <summary>Whether a command came from another service over the bus or from this service's own HTTP endpoints.</summary>
public static class CommandOrigin
{
    /// <summary>
    /// True for a message that arrived over a transport (the PostgreSQL queue, RabbitMQ): it must prove who sends it,
    /// and nobody may be waiting in this process for its outcome. Only an in-process call (an HTTP endpoint, which
    /// authenticated the request itself) has no transport address.
    /// </summary>
    public static bool ArrivedOverTransport(Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.Destination is { Scheme: not "local" };
    }
}
