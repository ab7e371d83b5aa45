using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using EventSourcedTenancy.Tests.Commands;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Edges;

/// <summary>
/// Malformed and hostile requests against the real service and database, generated per command endpoint
/// from its declaration (<see cref="HostileRequests"/>), plus the reads and the requests no endpoint should
/// see. Each must be refused with its status and a ProblemDetails carrying its <c>code</c> and a
/// <c>detail</c>, never a 5xx, and write nothing (events counted before and after); the service must still
/// be ready afterwards.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class hostile_input_over_http(ServiceFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Endpoints => EndpointCases.Names();

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task every_malformed_command_request_is_refused_with_its_code_and_writes_nothing(string name)
    {
        var endpoint = EndpointCases.Named(name);
        var world = await Installation.CreateAsync(fixture);
        if (endpoint.Arrange is not null)
        {
            await endpoint.Arrange(world);
        }

        var cases = HostileRequests.ForCommand(endpoint, world).ToList();
        cases.Count.ShouldBeGreaterThan(30, $"{name} should get more than 30 hostile requests");
        await RefusedAsync(world, cases);
    }

    [Fact]
    public async Task malformed_reads_and_requests_no_endpoint_takes_are_refused_with_their_codes()
    {
        var world = await Installation.CreateAsync(fixture);
        await RefusedAsync(world, ReadsAndStrays(world).ToList());
    }

    [Fact]
    public async Task bad_tokens_are_refused_with_a_problem_and_an_rfc_6750_challenge()
    {
        var world = await Installation.CreateAsync(fixture);
        var valid = world.TokenFor(world.CustomerOwner);
        var tampered = valid[..^2] + (valid[^2] == 'A' ? "BB" : "AA");
        var unknownAccount = world.TokenFor(Guid.NewGuid());
        string?[] authorizations = [null, "Bearer", "Bearer garbage", "Basic YWRtaW46YWRtaW4=", $"Bearer {tampered}", $"Bearer {valid}x", "Bearer a.b.c"];
        var before = await fixture.CountEventsAsync();
        using var client = fixture.Host.Server.CreateClient();
        foreach (var authorization in authorizations)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/tenants/{world.Customer}/workspaces")
            {
                Content = new StringContent("{\"name\":\"Ops\"}", Encoding.UTF8, "application/json"),
            };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await client.SendAsync(request);
            ((int)response.StatusCode).ShouldBe(401, authorization ?? "no token");
            var problem = await ProblemAsync(response);
            ((string?)problem["code"]).ShouldBe("unauthenticated");
            ((string?)problem["detail"]).ShouldNotBeNullOrWhiteSpace();
            var challenge = response.Headers.WwwAuthenticate.ToString();
            challenge.ShouldStartWith("Bearer");
            if (authorization is { } sent && sent.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                challenge.ShouldContain("error=\"invalid_token\"", customMessage: authorization);
            }
        }

        // A well-formed token naming no account is authenticated but has no authority anywhere.
        using (var stranger = new HttpRequestMessage(HttpMethod.Post, $"/tenants/{world.Customer}/workspaces")
               {
                   Content = new StringContent("{\"name\":\"Ops\"}", Encoding.UTF8, "application/json"),
                   Headers = { Authorization = new AuthenticationHeaderValue("Bearer", unknownAccount) },
               })
        {
            using var response = await client.SendAsync(stranger);
            ((int)response.StatusCode).ShouldBeInRange(401, 404);
            ((string?)(await ProblemAsync(response))["code"]).ShouldNotBeNullOrWhiteSpace();
        }

        (await fixture.CountEventsAsync()).ShouldBe(before, "a request with a bad token wrote events");
    }

    [Fact]
    public async Task the_same_idempotency_key_from_ten_clients_at_once_writes_once_and_answers_everyone_with_the_first_outcome()
    {
        var world = await Installation.CreateAsync(fixture);
        var token = world.TokenFor(world.CustomerOwner);
        using var client = fixture.Host.Server.CreateClient();
        for (var round = 0; round < 5; round++)
        {
            var key = Guid.NewGuid().ToString();
            var before = await fixture.CountEventsAsync();
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/tenants/{world.Customer}/workspaces")
                {
                    Content = new StringContent($"{{\"name\":\"Team {round}\"}}", Encoding.UTF8, "application/json"),
                    Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
                };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await client.SendAsync(request);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }));

            answers.ShouldAllBe(a => a.Item1 == 200, string.Join("\n", answers.Select(a => $"{a.Item1} {a.Item2}")));
            var outcomes = answers.Select(a => JsonNode.Parse(a.Item2)!["streamVersions"]!.ToJsonString()).Distinct().ToList();
            outcomes.ShouldHaveSingleItem("every client must get the first outcome");
            answers.Count(a => JsonNode.Parse(a.Item2)!["repeated"]!.GetValue<bool>()).ShouldBe(9);
            (await fixture.CountEventsAsync()).ShouldBe(before + 1, "the command was written other than once");
        }
    }

    [Fact]
    public async Task the_generated_suite_covers_at_least_five_hundred_requests_across_every_command()
    {
        var world = await Installation.CreateAsync(fixture);
        var total = EndpointCases.All.Sum(e => HostileRequests.ForCommand(e, world).Count()) + ReadsAndStrays(world).Count();
        output.WriteLine($"{total} hostile HTTP requests generated over {EndpointCases.All.Count} command endpoints and the reads.");
        total.ShouldBeGreaterThanOrEqualTo(500);
        EndpointCases.All.Select(e => e.Name).ShouldBe(
            EventSourcedTenancy.Commands.CommandCatalog.HttpCommands.Select(c => c.Command.Name), ignoreOrder: true,
            "every command endpoint must have a row in EndpointCases, so the hostile suite covers it");
    }

    /// <summary>Reads with out-of-range or malformed values, and requests no endpoint takes.</summary>
    private static IEnumerable<HostileRequest> ReadsAndStrays(Installation world)
    {
        var owner = world.CustomerOwner;
        const string zero = "00000000-0000-0000-0000-000000000000";
        HostileRequest Get(string name, string url, int status, string code, Guid? actor = null) =>
            new(name, HttpMethod.Get, url, null, "application/json", [], status, code, actor ?? owner);

        var users = $"/tenants/{world.Customer}/users";
        foreach (var query in new[] { "page=0", "page=-1", "pageSize=0", "pageSize=100000", "role=Bogus", "role=", "page=abc", "subtree=maybe", "state=Bogus", "sort=Bogus" })
        {
            yield return Get($"users {query}", $"{users}?{query}", 400, "invalid_query");
        }

        var audit = $"/tenants/{world.Customer}/audit";
        yield return Get("audit after=-5", $"{audit}?after=-5", 400, "invalid_query");
        yield return Get("audit limit=0", $"{audit}?limit=0", 400, "invalid_limit");
        yield return Get("audit limit=100000", $"{audit}?limit=100000", 400, "invalid_limit");
        yield return Get("audit actor=root", $"{audit}?actor=root", 400, "invalid_query");
        yield return Get("audit from=yesterday", $"{audit}?from=yesterday", 400, "invalid_query");
        yield return Get("audit from after to", $"{audit}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", 400, "invalid_time_range");
        yield return Get("export format=xml", $"{audit}/export?format=xml", 400, "invalid_format");
        yield return Get("tenant as-of version=0", $"/tenants/{world.Customer}/as-of?version=0", 400, "invalid_query");
        yield return Get("tenant as-of version=999999", $"/tenants/{world.Customer}/as-of?version=999999", 404, "version_not_found");
        yield return Get("account as-of version=999999", $"/accounts/{world.Administrator}/as-of?version=999999", 404, "version_not_found");
        yield return Get("tenant as-of version=abc", $"/tenants/{world.Customer}/as-of?version=abc", 400, "invalid_query");
        yield return Get("tenant id not a UUID", "/tenants/root", 404, "not_found");
        yield return Get("tenant id all zeros", $"/tenants/{zero}", 400, "invalid_id");
        yield return Get("account id all zeros", $"/accounts/{zero}", 400, "invalid_id");
        yield return Get("users of the all-zero tenant", $"/tenants/{zero}/users", 400, "invalid_id");
        yield return Get("unknown route", "/nothing/here", 404, "not_found");
        yield return Get("path with an encoded escape", $"/tenants/{world.Customer}%1B/users", 404, "not_found");
        yield return Get("query with a NUL", $"{users}?q=a%00b", 400, "invalid_query");
        yield return Get("query with an escape", $"{users}?q=%1B%5B2J", 400, "invalid_query");
        yield return Get("query repeated", $"{users}?page=1&page=2", 400, "invalid_query");
        yield return Get("query value of 600 characters", $"{users}?q={new string('q', 600)}", 400, "invalid_query");
        yield return Get("target of 3,000 characters", $"{users}?q={new string('q', 3_000)}", 414, "target_too_long");
        yield return Get("path of 3,000 characters", "/" + new string('p', 3_000), 414, "target_too_long");
        yield return new("wrong method", HttpMethod.Delete, users, null, "application/json", [], 405, "method_not_allowed", owner);
        yield return new("wrong method on a command", HttpMethod.Get, $"/accounts/{world.Administrator}/deactivate", null, "application/json", [], 405, "method_not_allowed", owner);
        yield return new("a body over 64 KiB", HttpMethod.Post, $"/tenants/{world.Customer}/workspaces",
            "{\"name\":\"" + new string('w', 70_000) + "\"}", "application/json", [], 413, "body_too_large", owner);
        yield return new("X-Act-As on a read", HttpMethod.Get, users, null, "application/json", [("X-Act-As", "root")], 400, "invalid_header", owner);
        yield return new("installation key missing", HttpMethod.Post, "/installation",
            "{\"name\":\"Infrastructure\",\"superuserEmail\":\"x@example.com\",\"superuserFirstName\":\"A\",\"superuserLastName\":\"B\"}", "application/json", [], 403, "installation_key_required", null);
    }

    private async Task RefusedAsync(Installation world, IReadOnlyList<HostileRequest> cases)
    {
        using var client = fixture.Host.Server.CreateClient();
        var failures = new List<string>();
        foreach (var hostile in cases)
        {
            var before = await fixture.CountEventsAsync();
            using var request = new HttpRequestMessage(hostile.Method, hostile.Url);
            if (hostile.Actor is { } actor)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenFor(actor));
            }

            foreach (var (name, value) in hostile.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (hostile.Body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(hostile.Body));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var problem = Parse(text);
            var written = await fixture.CountEventsAsync() - before;
            var wrong = new List<string>();
            if ((int)response.StatusCode != hostile.Status)
            {
                wrong.Add($"status {(int)response.StatusCode}, expected {hostile.Status}");
            }

            if (problem is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                wrong.Add($"no ProblemDetails ({response.Content.Headers.ContentType?.MediaType})");
            }
            else
            {
                if ((string?)problem["code"] != hostile.Code)
                {
                    wrong.Add($"code {(string?)problem["code"]}, expected {hostile.Code}");
                }

                if (string.IsNullOrWhiteSpace((string?)problem["detail"]))
                {
                    wrong.Add("no detail");
                }
                else if (((string?)problem["detail"])!.Contains("EventSourcedTenancy.", StringComparison.Ordinal) || ((string?)problem["detail"])!.Contains("System.", StringComparison.Ordinal))
                {
                    wrong.Add("a .NET type name in the detail");
                }
            }

            if (written != 0)
            {
                wrong.Add($"{written} events written");
            }

            if (wrong.Count > 0)
            {
                failures.Add($"{hostile}: {string.Join("; ", wrong)} | {Shorten(text)}");
            }
        }

        using var ready = await client.GetAsync("/health/ready");
        ((int)ready.StatusCode).ShouldBe(200, "the service is not ready after the hostile requests");
        failures.ShouldBeEmpty($"{failures.Count} of {cases.Count} hostile requests were not refused as they must be:\n{string.Join("\n", failures)}");
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync()).ShouldNotBeNull("the answer is not a ProblemDetails");

    private static JsonObject? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
