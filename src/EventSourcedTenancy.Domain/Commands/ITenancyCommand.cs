namespace EventSourcedTenancy.Commands;

/// <summary>
/// A command of this service: it declares what must be read to decide it (<see cref="Reads"/>) and decides
/// from what was read (<see cref="Decide"/>). The service's one pipeline does the reading, the actor
/// resolution, the appending and the bookkeeping for every command alike, over HTTP and the bus.
/// </summary>
public interface ITenancyCommand
{
    /// <summary>What must be read before deciding.</summary>
    ReadPlan Reads();

    /// <summary>The decision: events to append, or a rejection. Pure.</summary>
    Decision Decide(CommandInputs inputs);
}
