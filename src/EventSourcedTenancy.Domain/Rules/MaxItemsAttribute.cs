namespace EventSourcedTenancy.Rules;

/// <summary>
/// A list member of a command that may hold more than <see cref="CommandShape.MaxListLength"/> items (a bulk
/// command): at most <see cref="Count"/>. Put it on the record's property (<c>[property: MaxItems(n)]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MaxItemsAttribute(int count) : Attribute
{
    public int Count { get; } = count;
}
