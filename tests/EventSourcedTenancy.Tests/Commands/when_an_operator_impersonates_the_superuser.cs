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
        var session = began.Data.ShouldBeOfType<ImpersonationBegan>();
        session.ShouldBe(new ImpersonationBegan(world.Customer, operatorId, world.Superuser, session.ExpiresAt));
        session.ExpiresAt.ShouldBe(began.Timestamp + ImpersonationSession.Length, TimeSpan.FromSeconds(5));
        var reset = (await query.Events.FetchStreamAsync(world.User))[^1];
        reset.Data.ShouldBeOfType<PasswordResetRequested>();
        var headers = reset.Headers.ShouldNotBeNull();
        headers[AuditEnvelope.Actor].ToString().ShouldBe(operatorId.ToString());
        headers[AuditEnvelope.ActingAs].ToString().ShouldBe(world.Superuser.ToString());
        headers[AuditEnvelope.Authority].ToString().ShouldBe(nameof(AuthoritySource.Impersonation));
    }

    [Fact]
    public async Task acting_as_the_superuser_needs_a_begun_session_and_ends_with_it_for_writes_and_reads()
    {
        var world = await Installation.CreateAsync(fixture);
        var operatorId = await world.ImpersonationReadyAsync();
        var before = await fixture.CountEventsAsync();

        // Everything the seed asks for is in place, but no session was begun: X-Act-As is refused, for a write and a read alike.
        await ActAsAsync(world, operatorId, HttpMethod.Post, $"/accounts/{world.User}/password-reset", 403, "impersonation_not_begun");
        await ActAsAsync(world, operatorId, HttpMethod.Get, $"/tenants/{world.Customer}/users", 403, "impersonation_not_begun");
        // A guessed account id learns nothing either.
        await ActAsAsync(world, operatorId, HttpMethod.Post, $"/accounts/{world.User}/password-reset", 403, "impersonation_not_begun", actAs: Guid.NewGuid());
        (await fixture.CountEventsAsync()).ShouldBe(before, "a refused act-as wrote events");

        // Begun, it works; ended, it is refused again, and beginning and ending are each an event.
        await world.SendAsync(operatorId, HttpMethod.Post, $"/tenants/{world.Customer}/impersonation", new ImpersonationTarget(world.Superuser));
        await ActAsAsync(world, operatorId, HttpMethod.Post, $"/accounts/{world.User}/password-reset", 200, null);
        // A read inside the session is honoured and recorded on the reader's own stream.
        await ActAsAsync(world, operatorId, HttpMethod.Get, $"/tenants/{world.Customer}/users", 200, null);
        await using (var reads = fixture.Store.QuerySession())
        {
            var recorded = (await reads.Events.FetchStreamAsync(operatorId))[^1];
            recorded.Data.ShouldBe(new ReadWhileImpersonating(operatorId, world.Superuser, $"GET /tenants/{world.Customer}/users"));
            recorded.Headers.ShouldNotBeNull()[AuditEnvelope.ActingAs].ToString().ShouldBe(world.Superuser.ToString());
        }

        await world.SendAsync(operatorId, HttpMethod.Post, $"/tenants/{world.Customer}/impersonation/end", new ImpersonationTarget(world.Superuser));
        await ActAsAsync(world, operatorId, HttpMethod.Post, $"/accounts/{world.User}/password-reset", 403, "impersonation_not_begun");

        await using var query = fixture.Store.QuerySession();
        var tenantEvents = (await query.Events.FetchStreamAsync(world.Customer)).Select(e => e.Data).ToList();
        tenantEvents[^1].ShouldBe(new ImpersonationEnded(world.Customer, operatorId, world.Superuser, ImpersonationEnd.Ended));
        tenantEvents[^2].ShouldBeOfType<ImpersonationBegan>();
    }

    [Fact]
    public async Task a_session_that_ran_out_is_refused_and_its_end_is_recorded()
    {
        var world = await Installation.CreateAsync(fixture);
        var operatorId = await world.ImpersonatingOperatorAsync();

        // Half an hour later, by the clock of the task that records expiries.
        var expiry = new ImpersonationExpiry(fixture.Store, new Later(ImpersonationSession.Length + TimeSpan.FromMinutes(1)),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ImpersonationExpiry>.Instance);
        (await expiry.ExpireAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);

        await using var query = fixture.Store.QuerySession();
        var last = (await query.Events.FetchStreamAsync(world.Customer))[^1];
        last.Data.ShouldBe(new ImpersonationEnded(world.Customer, operatorId, world.Superuser, ImpersonationEnd.Expired));
        await ActAsAsync(world, operatorId, HttpMethod.Post, $"/accounts/{world.User}/password-reset", 403, "impersonation_not_begun");
    }

    private async Task ActAsAsync(Installation world, Guid operatorId, HttpMethod method, string url, int status, string? code, Guid? actAs = null)
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(operatorId)}");
            s.WithRequestHeader("X-Act-As", (actAs ?? world.Superuser).ToString());
            (method == HttpMethod.Get ? s.Get : s.Post).Url(url);
            s.StatusCodeShouldBe(status);
        });
        if (code is not null)
        {
            (await result.ReadAsTextAsync()).ShouldContain(code);
        }
    }

    /// <summary>The system clock, moved on.</summary>
    private sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
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
