using EventSourcedTenancy.Commands;

namespace EventSourcedTenancy.Domain.Tests.Commands;

/// <summary>The reply to every command: accepted with the versions written, or rejected with a code, a sentence and a kind.</summary>
public class CommandOutcomeSpecs
{
    private static readonly Guid First = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Second = new("00000000-0000-0000-0000-00000000000b");

    [Fact]
    public void an_accepted_outcome_carries_the_versions_and_events_and_names_its_first_stream()
    {
        var outcome = CommandOutcome.Accept(new Dictionary<Guid, long> { [First] = 3, [Second] = 1 }, ["TenantCreated"]);

        outcome.Accepted.ShouldBeTrue();
        outcome.StreamId.ShouldBe(First);
        outcome.Events.ShouldBe(["TenantCreated"]);
        (outcome.Code, outcome.Message, outcome.Kind, outcome.Repeated).ShouldBe((null, null, null, false));
    }

    [Fact]
    public void an_outcome_that_wrote_nothing_names_no_stream() =>
        CommandOutcome.Accept(new Dictionary<Guid, long>(), []).StreamId.ShouldBeNull();

    [Fact]
    public void a_rejected_outcome_carries_the_rejection_and_writes_nothing()
    {
        var outcome = CommandOutcome.Reject(Rejection.NotFound("tenant_not_found", "There is no tenant."));

        outcome.Accepted.ShouldBeFalse();
        outcome.StreamVersions.ShouldBeEmpty();
        outcome.Events.ShouldBeEmpty();
        (outcome.Code, outcome.Message, outcome.Kind).ShouldBe(("tenant_not_found", "There is no tenant.", RejectionKind.NotFound));
        Should.Throw<ArgumentNullException>(() => CommandOutcome.Reject(null!)).ParamName.ShouldBe("rejection");
    }

    [Fact]
    public void a_caller_without_identity_is_told_what_to_send()
    {
        var outcome = CommandOutcome.Unauthenticated();

        (outcome.Accepted, outcome.Code, outcome.Kind).ShouldBe((false, "unauthenticated", RejectionKind.Forbidden));
        outcome.Message.ShouldBe("The request carries no valid identity: send a bearer token (HTTP) or the actor-account header (bus).");
    }

    [Fact]
    public void a_stale_expected_version_is_a_concurrent_change_naming_that_version()
    {
        var outcome = CommandOutcome.StaleVersion(7);

        (outcome.Accepted, outcome.Code, outcome.Kind).ShouldBe((false, "concurrent_change", RejectionKind.Conflict));
        outcome.Message.ShouldBe("The target changed since version 7: read it again, check the change still makes sense, and resend with the new version.");
    }
}
