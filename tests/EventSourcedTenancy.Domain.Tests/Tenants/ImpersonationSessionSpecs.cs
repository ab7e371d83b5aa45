using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

/// <summary>
/// Impersonation as a time-boxed session (seed 004, docs/product.md): begun by the operator as itself, open
/// for <see cref="ImpersonationSession.Length"/>, ended by the one who began it or by running out of time,
/// each with its own event.
/// </summary>
public class ImpersonationSessionSpecs
{
    [Fact]
    public void beginning_opens_a_session_for_the_length_of_a_session()
    {
        var (world, operational, operatorAccount) = Scenes.Impersonation();

        var began = world.Decide(operatorAccount, new BeginImpersonation(operational, world.SuperuserId)).ShouldBeAccepted()
            .Single<ImpersonationBegan>(operational);

        began.ExpiresAt.ShouldBe(world.Clock + ImpersonationSession.Length);
        ImpersonationSession.Length.ShouldBe(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void beginning_or_ending_while_acting_as_someone_is_refused()
    {
        var (world, operational, operatorAccount) = Scenes.Impersonation();
        var inputs = world.Read(new BeginImpersonation(operational, world.SuperuserId), operatorAccount, actAsId: world.SuperuserId);

        new BeginImpersonation(operational, world.SuperuserId).Decide(inputs).ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.ImpersonationWhileActingAs);
        var endInputs = world.Read(new EndImpersonation(operational, world.SuperuserId), operatorAccount, actAsId: world.SuperuserId);
        new EndImpersonation(operational, world.SuperuserId).Decide(endInputs).ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.ImpersonationWhileActingAs);
    }

    [Fact]
    public void the_operator_who_began_a_session_ends_it()
    {
        var (world, operational, operatorAccount) = Scenes.Impersonation();

        var ended = world.Decide(operatorAccount, new EndImpersonation(operational, world.SuperuserId)).ShouldBeAccepted()
            .Single<ImpersonationEnded>(operational);

        ended.ShouldBe(new ImpersonationEnded(operational, operatorAccount, world.SuperuserId, ImpersonationEnd.Ended));
    }

    [Fact]
    public void someone_else_cannot_end_a_session_and_without_one_there_is_nothing_to_end()
    {
        var (world, operational, operatorAccount) = Scenes.Impersonation();
        var other = world.NewAdmin(operational, SystemRole.Administrator);

        world.Decide(other, new EndImpersonation(operational, world.SuperuserId)).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.NotYourImpersonation);
        world.GivenTenantEvent(operational, new ImpersonationEnded(operational, operatorAccount, world.SuperuserId, ImpersonationEnd.Ended));
        world.Decide(operatorAccount, new EndImpersonation(operational, world.SuperuserId)).ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.ImpersonationNotActive);
    }

    [Fact]
    public void sessions_that_ran_out_are_ended_as_expired_and_open_ones_are_left_alone()
    {
        var (world, operational, operatorAccount) = Scenes.Impersonation();
        var second = world.NewAdmin(world.InfrastructureId, SystemRole.Operator);
        world.GivenTenantEvent(operational, new ImpersonationBegan(operational, second, world.SuperuserId, world.Clock + TimeSpan.FromHours(2)));
        var tenant = world.Tenants[operational];
        var later = world.Clock + ImpersonationSession.Length;

        EndImpersonation.Expire(tenant, later.AddTicks(-1)).ShouldBeEmpty();
        var expired = EndImpersonation.Expire(tenant, later);

        expired.Select(e => e.Event).ShouldBe([new ImpersonationEnded(operational, operatorAccount, world.SuperuserId, ImpersonationEnd.Expired)]);
        expired.ShouldAllBe(e => e.StreamId == operational);
    }
}
