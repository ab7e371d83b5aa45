using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// A document kept by folding its stream with the domain's own fold function, over exactly the event types
/// the aggregate lists. The domain stays free of Marten; the store and the decisions fold the same way.
/// </summary>
public abstract class FoldProjection<T> : SingleStreamProjection<T, Guid>
    where T : class
{
    private readonly Func<T?, object, T> fold;

    protected FoldProjection(IReadOnlyList<Type> eventTypes, Func<T?, object, T> fold)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        this.fold = fold;
        foreach (var type in eventTypes)
        {
            IncludeType(type);
        }
    }

    public override T? Evolve(T? snapshot, Guid id, IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return fold(snapshot, e.Data);
    }
}
