using EventSourcedTenancy.Authorization;

namespace EventSourcedTenancy.Domain.Tests.Support;

/// <summary>One rung of a check-order ladder: the case as it stands, and the rejection it must get.</summary>
/// <param name="Case">What is still wrong, for the failure message.</param>
/// <param name="State">The inputs of the decision.</param>
/// <param name="Code">The rejection code.</param>
/// <param name="Phrase">A phrase the rejection's message must contain (it names the check, the field or what was being done).</param>
public sealed record Rung<T>(string Case, T State, string Code, string Phrase);

/// <summary>
/// A decider's checks apply in a fixed order (docs/domain.md, "Order of checks"): input first, then the
/// ids the command was given, the tenant's lifecycle, the actor's authority, what the command names inside
/// the tenant (workspaces, custom roles), and last the state. A ladder starts with every check failing
/// and mends one fault per rung; each rung must be refused by the next check in order, with its own code
/// and message, and the mended case is accepted. So every check is shown to exist, to come where it does,
/// and to say what it says.
/// </summary>
public static class CheckOrder
{
    public static Decision ShouldClimb<T>(Func<T, Decision> decide, IEnumerable<Rung<T>> rungs, T mended)
    {
        foreach (var rung in rungs)
        {
            var decision = decide(rung.State);
            decision.IsAccepted.ShouldBeFalse($"{rung.Case}: expected {rung.Code} but it was accepted");
            decision.Events.ShouldBeEmpty($"{rung.Case}: a rejected command writes nothing");
            decision.Rejection!.Code.ShouldBe(rung.Code, $"{rung.Case}: {decision.Rejection}");
            decision.Rejection.Message.ShouldContain(rung.Phrase, Case.Sensitive, $"{rung.Case}: {decision.Rejection}");
        }

        var accepted = decide(mended);
        accepted.IsAccepted.ShouldBeTrue($"with every fault mended: {accepted.Rejection}");
        return accepted;
    }

    /// <summary>The same actor with one capability more.</summary>
    public static ActorContext With(this ActorContext actor, params Capability[] capabilities) =>
        actor with { Capabilities = CapabilitySet.Union(actor.Capabilities, capabilities) };

    /// <summary>The same actor with some capabilities less.</summary>
    public static ActorContext Without(this ActorContext actor, params Capability[] capabilities) =>
        actor with { Capabilities = CapabilitySet.Except(actor.Capabilities, capabilities) };

    public static string TooLong(int length) => new('x', length);
}
