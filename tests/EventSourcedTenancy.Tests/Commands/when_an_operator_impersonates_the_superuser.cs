using Alba;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Commands;

/// <summary>
/// Seed 004 end to end: an operator of the Infrastructure tenant holding the Impersonation privilege acts as
/// the superuser in an operational tenant where the superuser is an impersonation target. Every event
/// records both identities.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_an_operator_impersonates_the_superuser(ServiceFixture fixture)
{
    private const string Infrastructure = "00000000-0000-0000-0000-0000000000f1";

    [Fact]
    public async Task the_commands_are_accepted_and_record_both_identities()
    {
        var world = await Installation.CreateAsync(fixture);
        var operatorId = await world.ImpersonatingOperatorAsync();

        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(operatorId)}");
            s.WithRequestHeader("X-Act-As", world.Superuser.ToString());
            s.Post.Url($"/accounts/{world.User}/password-reset");
            s.StatusCodeShouldBeOk();
        });

        await using var query = fixture.Store.QuerySession();
        var began = (await query.Events.FetchStreamAsync(world.Customer))[^1];
        began.Data.ShouldBe(new ImpersonationBegan(world.Customer, operatorId, world.Superuser));
        var reset = (await query.Events.FetchStreamAsync(world.User))[^1];
        reset.Data.ShouldBeOfType<PasswordResetRequested>();
        var headers = reset.Headers.ShouldNotBeNull();
        headers[AuditEnvelope.Actor].ToString().ShouldBe(operatorId.ToString());
        headers[AuditEnvelope.ActingAs].ToString().ShouldBe(world.Superuser.ToString());
        headers[AuditEnvelope.Authority].ToString().ShouldBe(nameof(AuthoritySource.Impersonation));
    }

    [Fact]
    public async Task without_the_impersonation_privilege_it_is_refused_and_writes_nothing()
    {
        var world = await Installation.CreateAsync(fixture);
        var infrastructure = Guid.Parse(Infrastructure);
        var operatorId = await world.ActiveAdminAsync("operator@installation.test", SystemRole.Operator, infrastructure, actor: world.Superuser);
        await world.SendAsync(world.Superuser, HttpMethod.Post, $"/tenants/{world.Customer}/impersonation-targets", new ImpersonationTarget(world.Superuser));
        var before = await fixture.CountEventsAsync();

        var refused = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(operatorId)}");
            s.WithRequestHeader("X-Act-As", world.Superuser.ToString());
            s.Post.Url($"/accounts/{world.User}/password-reset");
            s.StatusCodeShouldBe(403);
        });

        (await refused.ReadAsTextAsync()).ShouldContain("Impersonation");
        (await fixture.CountEventsAsync()).ShouldBe(before);
    }
}
