using System.Collections.Frozen;

namespace EventSourcedTenancy.Authorization;

/// <summary>Helpers to build and compare sets of capabilities.</summary>
public static class CapabilitySet
{
    public static readonly IReadOnlySet<Capability> Empty = FrozenSet<Capability>.Empty;

    public static IReadOnlySet<Capability> All { get; } = Enum.GetValues<Capability>().ToFrozenSet();

    public static IReadOnlySet<Capability> Of(params IEnumerable<Capability> capabilities) =>
        capabilities.ToFrozenSet();

    public static IReadOnlySet<Capability> Union(params IEnumerable<IEnumerable<Capability>> sets) =>
        sets.SelectMany(s => s).ToFrozenSet();

    public static IReadOnlySet<Capability> Except(IEnumerable<Capability> set, IEnumerable<Capability> without) =>
        set.Except(without).ToFrozenSet();

    /// <summary>The capabilities of <paramref name="wanted"/> that <paramref name="held"/> lacks, in catalog order.</summary>
    public static IReadOnlyList<Capability> Missing(IEnumerable<Capability> wanted, IReadOnlySet<Capability> held) =>
        [.. wanted.Where(c => !held.Contains(c)).Distinct().Order()];
}
