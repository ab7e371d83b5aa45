using System.Text.Json;

namespace EventSourcedTenancy.Domain.Tests.Support;

/// <summary>Then: what a decision should be.</summary>
public static class DecisionAssertions
{
    public static Decision ShouldBeAccepted(this Decision decision)
    {
        decision.IsAccepted.ShouldBeTrue($"expected acceptance but got {decision.Rejection}");
        return decision;
    }

    public static Rejection ShouldBeRejected(this Decision decision, RejectionKind kind, string? code = null)
    {
        decision.IsAccepted.ShouldBeFalse($"expected a {kind} rejection but got {decision}");
        decision.Events.ShouldBeEmpty("a rejected command writes nothing");
        var rejection = decision.Rejection!;
        rejection.Kind.ShouldBe(kind, rejection.ToString());
        if (code is not null)
        {
            rejection.Code.ShouldBe(code, rejection.ToString());
        }

        rejection.Message.ShouldNotBeNullOrWhiteSpace();
        return rejection;
    }

    /// <summary>The events appended to one stream, in order.</summary>
    public static IReadOnlyList<object> On(this Decision decision, Guid streamId) => decision.EventsFor(streamId);

    public static T Single<T>(this Decision decision, Guid streamId) => decision.EventsFor(streamId).OfType<T>().ShouldHaveSingleItem();

    /// <summary>
    /// The same decision as <paramref name="expected"/>: the same rejection, or the same events (type and
    /// content), to the same streams, in the same order.
    /// </summary>
    public static void ShouldDecideAs(this Decision actual, Decision expected)
    {
        actual.Rejection.ShouldBe(expected.Rejection);
        Describe(actual).ShouldBe(Describe(expected));
    }

    private static List<string> Describe(Decision decision) =>
        [.. decision.Events.Select(e => $"{e.Stream} {e.StreamId} {e.Event.GetType().Name} {JsonSerializer.Serialize(e.Event, e.Event.GetType())}")];
}
