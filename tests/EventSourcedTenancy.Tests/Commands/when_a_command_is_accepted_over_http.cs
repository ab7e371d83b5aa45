using Alba;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Commands;

/// <summary>Every event carries the audit envelope: who, as whom, with which role, in which tenant, why, from where.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class when_a_command_is_accepted_over_http(ServiceFixture fixture)
{
    [Fact]
    public async Task its_events_carry_the_audit_envelope()
    {
        var world = await Installation.CreateAsync(fixture);

        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.WithRequestHeader("X-Reason", "Quarterly access review");
            s.WithRequestHeader("X-Correlation-Id", "review-2026-q4");
            s.Post.Url($"/accounts/{world.Administrator}/deactivate");
            s.StatusCodeShouldBeOk();
        });

        await using var query = fixture.Store.QuerySession();
        var last = (await query.Events.FetchStreamAsync(world.Administrator))[^1];
        last.Data.ShouldBeOfType<AccountSetInactive>().Reason.ShouldBe("Quarterly access review");
        last.CorrelationId.ShouldBe("review-2026-q4");
        var headers = last.Headers.ShouldNotBeNull();
        headers[AuditEnvelope.Actor].ToString().ShouldBe(world.CustomerOwner.ToString());
        headers[AuditEnvelope.Role].ToString().ShouldBe("Owner");
        headers[AuditEnvelope.Tenant].ToString().ShouldBe(world.Customer.ToString());
        headers[AuditEnvelope.Source].ToString().ShouldBe(nameof(CommandSource.Http));
        headers[AuditEnvelope.Command].ToString().ShouldBe(nameof(SetAdminInactive));
        headers.ContainsKey(AuditEnvelope.ActingAs).ShouldBeFalse();
    }

    [Fact]
    public async Task the_same_idempotency_key_twice_writes_once()
    {
        var world = await Installation.CreateAsync(fixture);
        var key = Guid.NewGuid().ToString();

        async Task<string> SendAsync()
        {
            var result = await fixture.Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
                s.WithRequestHeader("Idempotency-Key", key);
                s.Post.Url($"/accounts/{world.User}/password-reset");
                s.StatusCodeShouldBeOk();
            });
            return await result.ReadAsTextAsync();
        }

        var first = await SendAsync();
        var afterFirst = await fixture.CountEventsAsync();
        var second = await SendAsync();

        first.ShouldContain("\"repeated\":false");
        second.ShouldContain("\"repeated\":true");
        (await fixture.CountEventsAsync()).ShouldBe(afterFirst);
    }

    [Fact]
    public async Task an_unknown_account_is_a_404_that_writes_nothing()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();

        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Post.Url($"/accounts/{Guid.NewGuid()}/deactivate");
            s.StatusCodeShouldBe(404);
        });

        (await result.ReadAsTextAsync()).ShouldContain("account_not_found");
        (await fixture.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_invalid_field_is_a_400_with_a_reason_that_writes_nothing()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();

        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Post.Json(new AdminInvitation("not-an-email", "Nia", "Admin", null, null, null), JsonStyle.MinimalApi).ToUrl($"/tenants/{world.Customer}/admins");
            s.StatusCodeShouldBe(400);
        });

        (await result.ReadAsTextAsync()).ShouldContain("email", Case.Insensitive);
        (await fixture.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_body_over_the_size_limit_is_refused_before_it_is_read()
    {
        var world = await Installation.CreateAsync(fixture);
        var before = await fixture.CountEventsAsync();

        await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Post.Json(new NewUser(new string('x', 70_000) + "@customer.test", "Big", "Body"), JsonStyle.MinimalApi).ToUrl($"/tenants/{world.Customer}/users");
            s.StatusCodeShouldBe(413);
        });

        (await fixture.CountEventsAsync()).ShouldBe(before);
    }
}
