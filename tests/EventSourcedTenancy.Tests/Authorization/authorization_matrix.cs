using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Commands;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Xunit.Abstractions;

namespace EventSourcedTenancy.Tests.Authorization;

/// <summary>
/// Every command (from the endpoint cases, which must cover the command catalog) and every read (from the
/// service's own routes) × every caller: the roles of the target's own tenant (Owner, Administrator,
/// Manager, Operator, Viewer, User, a workspace role, a custom role), an Owner of its ancestor, of its
/// ancestor once it restricted ancestor access, of a descendant, of a sibling, of another partner, and an
/// operator impersonating the superuser. Each cell: never a 5xx; a refusal is ProblemDetails with a code;
/// events are written exactly when the command is accepted; and a caller without reach gets exactly the
/// answer (status, code, message but for the id) that it gets for an unknown id.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class authorization_matrix(ServiceFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Commands => EndpointCases.Names();

    /// <summary>The reads of the service, with the ids of the Customer world filled in.</summary>
    private static readonly (string Route, Func<Installation, string> Url)[] Reads =
    [
        ("/tenants/{tenantId}", w => $"/tenants/{w.Customer}"),
        ("/tenants/{tenantId}/users", w => $"/tenants/{w.Customer}/users"),
        ("/tenants/{tenantId}/users/export", w => $"/tenants/{w.Customer}/users/export"),
        ("/tenants/{tenantId}/children", w => $"/tenants/{w.Customer}/children"),
        ("/tenants/{tenantId}/subtree", w => $"/tenants/{w.Customer}/subtree"),
        ("/tenants/{tenantId}/me", w => $"/tenants/{w.Customer}/me"),
        ("/tenants/{tenantId}/audit", w => $"/tenants/{w.Customer}/audit"),
        ("/tenants/{tenantId}/audit/export", w => $"/tenants/{w.Customer}/audit/export"),
        ("/tenants/{tenantId}/recycle-bin", w => $"/tenants/{w.Customer}/recycle-bin"),
        ("/tenants/{tenantId}/observability", w => $"/tenants/{w.Customer}/observability"),
        ("/tenants/{tenantId}/as-of", w => $"/tenants/{w.Customer}/as-of?version=1"),
        ("/tenants/{tenantId}/timeline", w => $"/tenants/{w.Customer}/timeline"),
        ("/tenants/{tenantId}/who-held/{capability}", w => $"/tenants/{w.Customer}/who-held/ViewUsers"),
        ("/tenants/{tenantId}/capabilities/{accountId}", w => $"/tenants/{w.Customer}/capabilities/{w.Administrator}"),
        ("/tenants/{tenantId}/capabilities/{accountId}/history/{capability}", w => $"/tenants/{w.Customer}/capabilities/{w.Administrator}/history/ViewUsers"),
        ("/accounts/{accountId}", w => $"/accounts/{w.Administrator}"),
        ("/accounts/{accountId}/as-of", w => $"/accounts/{w.Administrator}/as-of?version=1"),
        ("/accounts/{accountId}/timeline", w => $"/accounts/{w.Administrator}/timeline"),
        ("/accounts/{accountId}/actions", w => $"/accounts/{w.Administrator}/actions"),
        ("/tenants/{tenantId}/actions", w => $"/tenants/{w.Customer}/actions"),
        ("/tenants/{tenantId}/evidence", w => $"/tenants/{w.Customer}/evidence"),
        ("/tenants/{tenantId}/applications", w => $"/tenants/{w.Customer}/applications"),
        ("/applications/{applicationId}", w => $"/applications/{w.Application}"),
        ("/applications/{applicationId}/as-of", w => $"/applications/{w.Application}/as-of?version=1"),
        ("/applications/{applicationId}/timeline", w => $"/applications/{w.Application}/timeline"),
        ("/tenants/{tenantId}/federation-connections", w => $"/tenants/{w.Customer}/federation-connections"),
        ("/tenants/{tenantId}/audit-streams", w => $"/tenants/{w.Customer}/audit-streams"),
    ];

    /// <summary>What the reads need besides the installation: an application of the Customer.</summary>
    private static Task ArrangeReads(Installation world) => world.ApplicationAsync();

    /// <summary>The id a read's URL names, which a caller without reach must not tell apart from an unknown one.</summary>
    private static Guid TargetOf(Installation world, string url) =>
        url.Contains($"/accounts/{world.Administrator}", StringComparison.Ordinal) ? world.Administrator
        : url.Contains($"/applications/{world.Application}", StringComparison.Ordinal) ? world.Application
        : world.Customer;

    /// <summary>Reads that concern the installation as a whole, not one tenant or account.</summary>
    private static readonly string[] InstallationReads = ["/audit/verify", "/", "/openapi/v1.json", "/asyncapi.json", "/health/live", "/health/ready"];

    /// <summary>
    /// The console's page and its settings (no data), and its sign-in list of accounts, which exists only in
    /// Development (keys_outside_development checks it is not there in Production).
    /// </summary>
    private static readonly string[] ConsoleReads = ["/console", "/console/settings.json", "/console/dev/accounts"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task every_caller_of_a_command_is_answered_by_its_reach_and_writes_only_when_accepted(string name)
    {
        var endpoint = EndpointCases.Named(name);
        var cast = await Cast.CreateAsync(fixture, restrictCustomer: false, endpoint.Arrange);

        var failures = new List<string>();
        var cells = 0;
        var target = endpoint.Target(cast.World) ?? cast.World.Customer;
        var url = endpoint.Url(cast.World);
        var body = endpoint.Body(cast.World) is { } b ? JsonSerializer.Serialize(b, Installation.Json) : null;

        // Callers without reach first: they write nothing, so the world is as arranged for the others.
        foreach (var (relation, caller) in cast.WithoutReach)
        {
            cells += 2;
            await NoReachAsync(cast.World, caller, endpoint.Method, url, body, target, $"{name} by {relation}", failures);
        }

        foreach (var (relation, caller, actAs) in cast.WithReach)
        {
            cells++;
            await WithReachAsync(cast.World, caller, actAs, endpoint.Method, url, body, $"{name} by {relation}", failures);
        }

        output.WriteLine($"{name}: {cells} cells");
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task over_the_bus_a_caller_without_reach_is_answered_as_for_an_unknown_id_and_one_with_reach_writes_only_when_accepted(string name)
    {
        var endpoint = EndpointCases.Named(name);
        var cast = await Cast.CreateAsync(fixture, restrictCustomer: false, endpoint.Arrange);
        var command = endpoint.Body(cast.World) is { } b ? JsonSerializer.SerializeToNode(b, Installation.Json)!.AsObject() : new JsonObject();
        var template = CommandCatalog.HttpCommands.Single(c => c.Command.Name == name);
        var routeSegments = template.Http.Route.Split('/');
        var urlSegments = endpoint.Url(cast.World).Split('/');
        for (var i = 0; i < routeSegments.Length; i++)
        {
            if (routeSegments[i].StartsWith('{'))
            {
                command[routeSegments[i].Trim('{', '}')] = urlSegments[i];
            }
        }

        var target = endpoint.Target(cast.World) ?? cast.World.Customer;
        var unknown = Guid.NewGuid();
        var real = command.Deserialize(template.Command, CommandJson.Options)!;
        var ghost = JsonNode.Parse(command.ToJsonString().Replace(target.ToString(), unknown.ToString(), StringComparison.Ordinal))!
            .Deserialize(template.Command, CommandJson.Options)!;
        var failures = new List<string>();
        foreach (var (relation, caller) in cast.WithoutReach)
        {
            var before = await fixture.CountEventsAsync();
            var realOutcome = await BusAsync(cast.World, caller, real);
            var ghostOutcome = await BusAsync(cast.World, caller, ghost);
            if (realOutcome.Accepted || realOutcome.Code != ghostOutcome.Code
                || realOutcome.Message?.Replace(target.ToString(), "ID", StringComparison.Ordinal) != ghostOutcome.Message?.Replace(unknown.ToString(), "ID", StringComparison.Ordinal)
                || await fixture.CountEventsAsync() != before)
            {
                failures.Add($"{name} over the bus by {relation}: {realOutcome.Code} \"{realOutcome.Message}\" vs {ghostOutcome.Code} \"{ghostOutcome.Message}\"");
            }
        }

        foreach (var (relation, caller, actAs) in cast.WithReach.Where(c => c.ActAs is null))
        {
            var before = await fixture.CountEventsAsync();
            var outcome = await BusAsync(cast.World, caller, real);
            var written = await fixture.CountEventsAsync() - before;
            if ((outcome.Accepted ? outcome.Events.Count : 0) != written || (!outcome.Accepted && string.IsNullOrEmpty(outcome.Code)))
            {
                failures.Add($"{name} over the bus by {relation}: accepted={outcome.Accepted} code={outcome.Code} wrote {written}");
            }
        }

        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    private Task<CommandOutcome> BusAsync(Installation world, Guid caller, object command) =>
        fixture.Host.MessageBus().EndpointFor(fixture.Host.Services.GetRequiredService<ServiceSettings>().CommandQueueUri)
            .InvokeAsync<CommandOutcome>(command, CommandMetadata.Delivery(world.TokenFor(caller), "matrix"), timeout: TimeSpan.FromSeconds(20));

    [Fact]
    public async Task every_caller_of_a_read_is_answered_by_its_reach_and_a_caller_without_reach_learns_nothing()
    {
        var cast = await Cast.CreateAsync(fixture, restrictCustomer: false, ArrangeReads);
        var failures = new List<string>();
        var cells = 0;
        foreach (var (route, read) in Reads)
        {
            var url = read(cast.World);
            var target = TargetOf(cast.World, url);
            foreach (var (relation, caller) in cast.WithoutReach)
            {
                cells += 2;
                await NoReachAsync(cast.World, caller, HttpMethod.Get, url, null, target, $"GET {route} by {relation}", failures);
            }

            foreach (var (relation, caller, actAs) in cast.WithReach)
            {
                cells++;
                await WithReachAsync(cast.World, caller, actAs, HttpMethod.Get, url, null, $"GET {route} by {relation}", failures);
            }
        }

        output.WriteLine($"{cells} read cells");
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    [Fact]
    public async Task a_restricted_ancestor_is_answered_as_for_an_unknown_id_for_every_command_and_read()
    {
        var cast = await Cast.CreateAsync(fixture, restrictCustomer: true, async w =>
        {
            await ArrangeReads(w);
            await w.DeletedApplicationAsync();
            await w.FederationConnectionAsync();
            await w.AuditStreamAsync();
        });
        var failures = new List<string>();
        // Every command but the one on the Partner itself (its branding), where the Partner's Owner is at home.
        foreach (var endpoint in EndpointCases.All.Where(e => !e.Url(cast.World).Contains(cast.World.Partner.ToString(), StringComparison.Ordinal)))
        {
            var target = endpoint.Target(cast.World) ?? cast.World.Customer;
            var body = endpoint.Body(cast.World) is { } b ? JsonSerializer.Serialize(b, Installation.Json) : null;
            await NoReachAsync(cast.World, cast.World.PartnerOwner, endpoint.Method, endpoint.Url(cast.World), body, target, $"{endpoint.Name} by the restricted ancestor", failures);
        }

        foreach (var (route, read) in Reads)
        {
            var url = read(cast.World);
            var target = TargetOf(cast.World, url);
            await NoReachAsync(cast.World, cast.World.PartnerOwner, HttpMethod.Get, url, null, target, $"GET {route} by the restricted ancestor", failures);
        }

        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    [Fact]
    public void every_read_route_of_the_service_is_in_the_matrix()
    {
        var routes = fixture.Host.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();

        routes.Where(r => !Reads.Any(x => x.Route == r) && !InstallationReads.Contains(r) && !ConsoleReads.Contains(r) && !r.StartsWith("/docs", StringComparison.Ordinal) && !r.StartsWith("/openapi", StringComparison.Ordinal))
            .ShouldBeEmpty("a read that is not in the authorization matrix");
    }

    /// <summary>A caller without reach: answered exactly as for an unknown id, and nothing written.</summary>
    private async Task NoReachAsync(Installation world, Guid caller, HttpMethod method, string url, string? body, Guid target, string cell, List<string> failures)
    {
        var unknown = Guid.NewGuid();
        var before = await fixture.CountEventsAsync();
        var real = await SendAsync(world, caller, null, method, url, body);
        var ghost = await SendAsync(world, caller, null, method, url.Replace(target.ToString(), unknown.ToString(), StringComparison.Ordinal),
            body?.Replace(target.ToString(), unknown.ToString(), StringComparison.Ordinal));
        var written = await fixture.CountEventsAsync() - before;

        if (real.Status >= 500 || ghost.Status >= 500)
        {
            failures.Add($"{cell}: {real.Status}/{ghost.Status} {real.Text}");
        }
        else if (real.Status != ghost.Status || real.Code != ghost.Code
                 || real.Detail?.Replace(target.ToString(), "ID", StringComparison.Ordinal) != ghost.Detail?.Replace(unknown.ToString(), "ID", StringComparison.Ordinal))
        {
            failures.Add($"{cell}: told apart from an unknown id: {real.Status} {real.Code} \"{real.Detail}\" vs {ghost.Status} {ghost.Code} \"{ghost.Detail}\"");
        }
        else if (written != 0)
        {
            failures.Add($"{cell}: wrote {written} events");
        }
    }

    /// <summary>A caller with some reach: never a 5xx, a coded refusal or an acceptance that wrote exactly its events.</summary>
    private async Task WithReachAsync(Installation world, Guid caller, Guid? actAs, HttpMethod method, string url, string? body, string cell, List<string> failures)
    {
        var before = await fixture.CountEventsAsync();
        var answer = await SendAsync(world, caller, actAs, method, url, body);
        var written = await fixture.CountEventsAsync() - before;
        var accepted = answer.Status is >= 200 and < 300;
        var expected = !accepted || method == HttpMethod.Get ? 0 : answer.Json?["events"]?.AsArray().Count ?? -1;
        var recordedRead = method == HttpMethod.Get && accepted && actAs is not null ? 1 : 0;
        if (answer.Status >= 500)
        {
            failures.Add($"{cell}: {answer.Status} {answer.Text}");
        }
        else if (!accepted && string.IsNullOrEmpty(answer.Code))
        {
            failures.Add($"{cell}: {answer.Status} without a code: {answer.Text}");
        }
        else if (written != expected + recordedRead)
        {
            failures.Add($"{cell}: {answer.Status} wrote {written} events, expected {expected + recordedRead}");
        }
    }

    private sealed record Answer(int Status, string Text, JsonNode? Json)
    {
        public string? Code => Json is JsonObject o ? (string?)o["code"] : null;

        public string? Detail => Json is JsonObject o ? (string?)o["detail"] : null;
    }

    private async Task<Answer> SendAsync(Installation world, Guid caller, Guid? actAs, HttpMethod method, string url, string? body)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenFor(caller));
        if (actAs is { } superuser)
        {
            request.Headers.Add("X-Act-As", superuser.ToString());
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json;
        try
        {
            json = text.Length > 0 && text.TrimStart()[0] is '{' or '[' ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            json = null;
        }

        return new Answer((int)response.StatusCode, text, json);
    }

    /// <summary>The callers around the Customer tenant, by their relation to it.</summary>
    private sealed class Cast
    {
        public required Installation World { get; init; }

        public required IReadOnlyList<(string Relation, Guid Caller)> WithoutReach { get; init; }

        public required IReadOnlyList<(string Relation, Guid Caller, Guid? ActAs)> WithReach { get; init; }

        public static async Task<Cast> CreateAsync(ServiceFixture fixture, bool restrictCustomer, Func<Installation, Task>? arrange = null)
        {
            var w = await Installation.CreateAsync(fixture);
            if (arrange is not null)
            {
                await arrange(w);
            }

            var operatorAccount = await w.ActiveAdminAsync("operator@customer.test", SystemRole.Operator);
            var workspaceMember = await w.ActiveAdminAsync("workspace.admin@customer.test", SystemRole.Viewer);
            await w.SendAsync(w.CustomerOwner, HttpMethod.Put, $"/accounts/{workspaceMember}/workspace-roles/{w.Workspace}", new WorkspaceRoleChange(SystemRole.WorkspaceAdmin));
            await w.SendAsync(w.CustomerOwner, HttpMethod.Post, $"/tenants/{w.Customer}/roles", new NewCustomRole("User helper", [Capability.ViewUsers, Capability.ResetPassword]));
            Guid roleId;
            await using (var query = fixture.Store.QuerySession())
            {
                roleId = (await query.LoadAsync<Tenant>(w.Customer)).ShouldNotBeNull().CustomRoles.Single(r => r.Name == "User helper").Id;
            }

            var custom = await CustomRoleHolderAsync(w, roleId);
            var (_, unitOwner) = await w.CreateTenantAsync(w.Customer, TenantKind.Unit, "Unit", "owner@unit.test", w.CustomerOwner);
            var (_, siblingOwner) = await w.CreateTenantAsync(w.Partner, TenantKind.Customer, "Sibling", "owner@sibling.test", w.PartnerOwner);
            var (_, otherPartnerOwner) = await w.CreateTenantAsync(CreateInstallation.InfrastructureTenantId, TenantKind.Partner, "Other partner", "owner@other-partner.test");
            // An operator in an open impersonation session (the command's own arrangement may have set up part of it).
            Guid impersonator;
            if (w.ImpersonationOperator == Guid.Empty)
            {
                impersonator = await w.ImpersonatingOperatorAsync();
            }
            else
            {
                impersonator = w.ImpersonationOperator;
                await w.SendAsync(w.Superuser, HttpMethod.Post, $"/tenants/{w.Customer}/impersonation-targets", new ImpersonationTarget(w.Superuser));
                await w.SendAsync(impersonator, HttpMethod.Post, $"/tenants/{w.Customer}/impersonation", new ImpersonationTarget(w.Superuser));
            }

            if (restrictCustomer)
            {
                await w.SendAsync(w.CustomerOwner, HttpMethod.Put, $"/tenants/{w.Customer}/ancestor-access", new AncestorAccessChange(true, "Our data stays ours"));
            }

            return new Cast
            {
                World = w,
                WithoutReach = [("an Owner of a descendant", unitOwner), ("an Owner of a sibling", siblingOwner), ("an Owner of another partner", otherPartnerOwner)],
                WithReach =
                [
                    ("the Viewer", w.Viewer, null), ("the User", w.User, null), ("the Manager", w.Manager, null), ("an Operator", operatorAccount, null),
                    ("a workspace admin", workspaceMember, null), ("a custom role", custom, null), ("an operator impersonating the superuser", impersonator, w.Superuser),
                    ("the Administrator", w.Administrator, null), ("an Owner of the ancestor", w.PartnerOwner, null), ("the Owner", w.CustomerOwner, null),
                ],
            };
        }

        private static async Task<Guid> CustomRoleHolderAsync(Installation w, Guid roleId)
        {
            var id = (await w.SendAsync(w.CustomerOwner, HttpMethod.Post, $"/tenants/{w.Customer}/admins",
                new AdminInvitation("custom@customer.test", "Cus", "Tom", RoleRef.Custom(roleId), null, null))).Single();
            await w.SendAsync(id, HttpMethod.Post, $"/accounts/{id}/invitation/accept");
            return id;
        }
    }
}
