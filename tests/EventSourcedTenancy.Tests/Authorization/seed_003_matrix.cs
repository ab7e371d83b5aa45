using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace EventSourcedTenancy.Tests.Authorization;

/// <summary>
/// Seed 003's capability matrix (docs/seeds.md, "Seed 003"), walked through the real service: for each row that
/// is an operation, each of the four roles acts in a tenant of its own (a fresh Customer with its Owner, an
/// Administrator, an Operator and a Viewer), over HTTP and, for commands, over the bus. A `yes` is accepted
/// and writes events (a read answers 200); a `no` is refused with 403 and writes nothing; "partial (suspend
/// only)" is a refused creation and an accepted suspension. Reads have no bus path. A row that is not an
/// operation would be named in <see cref="NotYetOperations"/> (none is now).
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class seed_003_matrix(ServiceFixture fixture)
{
    private const string SuspendOnly = "partial (suspend only)";

    // Capability | Owner | Admin | Operator | Viewer (docs/seeds.md, copied cell for cell).
    private static readonly string[][] Table =
    [
        ["View users", "yes", "yes", "yes", "yes"],
        ["Create / edit / delete users", "yes", "yes", SuspendOnly, "no"],
        ["Reset password", "yes", "yes", "yes", "no"],
        ["Force MFA reset", "yes", "yes", "yes", "no"],
        ["Bulk import / export users", "yes", "yes", "no", "no"],
        ["GDPR-delete user", "yes", "yes", "no", "no"],
        ["View applications", "yes", "yes", "yes", "yes"],
        ["Create / edit / delete applications", "yes", "yes", "no", "no"],
        ["Rotate secrets", "yes", "yes", "yes", "no"],
        ["Configure authentication policy", "yes", "yes", "no", "no"],
        ["Manage federation connections", "yes", "yes", "no", "no"],
        ["Configure MFA enforcement", "yes", "yes", "no", "no"],
        ["View audit", "yes", "yes", "yes", "yes"],
        ["Export audit", "yes", "yes", "yes", "no"],
        ["Configure audit streaming", "yes", "yes", "no", "no"],
        ["Invite new members", "yes", "yes", "no", "no"],
        ["Change member roles", "yes", "yes", "no", "no"],
        ["Delete the tenant", "yes", "no", "no", "no"],
        ["Transfer ownership", "yes", "no", "no", "no"],
    ];

    private static readonly SystemRole[] Columns = [SystemRole.Owner, SystemRole.Administrator, SystemRole.Operator, SystemRole.Viewer];

    private static readonly string[] NotYetOperations = [];

    /// <summary>A fresh tenant with one account per column.</summary>
    private sealed record Scene(Installation World, Guid Tenant, Guid Owner, Guid Administrator, Guid Operator, Guid Viewer, int Number)
    {
        public Guid Actor(SystemRole role) => role switch
        {
            SystemRole.Owner => Owner,
            SystemRole.Administrator => Administrator,
            SystemRole.Operator => Operator,
            _ => Viewer,
        };

        public async Task<Guid> UserAsync() =>
            (await World.SendAsync(Owner, HttpMethod.Post, $"/tenants/{Tenant}/users", new NewUser($"user{Guid.NewGuid():N}@matrix.test", "Mia", "Trix"))).Single();

        public async Task<Guid> ApplicationAsync(ApplicationKind kind) =>
            (await World.SendAsync(Owner, HttpMethod.Post, $"/tenants/{Tenant}/applications",
                new NewApplication("Matrix app", kind, kind == ApplicationKind.MachineToMachine ? null : ["https://app.matrix.test/cb"]))).Single();
    }

    /// <summary>One request: a command (by name, also sent over the bus) or a read (no command).</summary>
    private sealed record Request(string? Command, HttpMethod Method, string Url, object? Body);

    /// <summary>The operation of a row, arranged in a fresh scene; <c>Part</c> tells which part of a partial cell it is.</summary>
    private sealed record Probe(string Row, string Part, Func<Scene, Task<Request>> Arrange);

    private static readonly string RecipientKey = Convert.ToBase64String(RSA.Create(2048).ExportSubjectPublicKeyInfo());

    private static Request Read(string url) => new(null, HttpMethod.Get, url, null);

    private static readonly Probe[] Probes =
    [
        new("View users", "", s => Task.FromResult(Read($"/tenants/{s.Tenant}/users"))),
        new("Create / edit / delete users", "create", s => Task.FromResult(new Request(nameof(CreateUser), HttpMethod.Post, $"/tenants/{s.Tenant}/users",
            new NewUser($"new{s.Number}@matrix.test", "Nina", "New")))),
        new("Create / edit / delete users", "suspend", async s => new Request(nameof(SetAdminInactive), HttpMethod.Post, $"/accounts/{await s.UserAsync()}/deactivate", new Reasoned("Suspended while investigated"))),
        new("Reset password", "", async s => new Request(nameof(ResetPassword), HttpMethod.Post, $"/accounts/{await s.UserAsync()}/password-reset", null)),
        new("Force MFA reset", "", async s => new Request(nameof(ForceMfaReset), HttpMethod.Post, $"/accounts/{await s.UserAsync()}/mfa-reset", null)),
        new("Bulk import / export users", "", s => Task.FromResult(new Request(nameof(ImportUsers), HttpMethod.Post, $"/tenants/{s.Tenant}/users/import",
            new UserImport([new NewUser($"bulk.a{s.Number}@matrix.test", "Bea", "Bulk"), new NewUser($"bulk.b{s.Number}@matrix.test", "Bo", "Bulk")])))),
        new("GDPR-delete user", "", async s => new Request(nameof(EraseAccount), HttpMethod.Post, $"/accounts/{await s.UserAsync()}/erase", new Reasoned("GDPR request"))),
        new("View applications", "", async s => Read($"/applications/{await s.ApplicationAsync(ApplicationKind.Web)}")),
        new("Create / edit / delete applications", "", s => Task.FromResult(new Request(nameof(RegisterApplication), HttpMethod.Post, $"/tenants/{s.Tenant}/applications",
            new NewApplication("Billing", ApplicationKind.MachineToMachine, null, RecipientKey)))),
        new("Rotate secrets", "", async s => new Request(nameof(RotateApplicationSecret), HttpMethod.Post, $"/applications/{await s.ApplicationAsync(ApplicationKind.MachineToMachine)}/secrets/rotate",
            new SecretRotation("Yearly rotation", 1))),
        new("Configure authentication policy", "", s => Task.FromResult(new Request(nameof(ConfigureAuthenticationPolicy), HttpMethod.Put, $"/tenants/{s.Tenant}/authentication-policy",
            new AuthenticationPolicyChange([SignInMethod.Passkey, SignInMethod.Password], new PasswordPolicy(12, true, true, false, null), null)))),
        new("Manage federation connections", "", s => Task.FromResult(new Request(nameof(CreateFederationConnection), HttpMethod.Post, $"/tenants/{s.Tenant}/federation-connections",
            new NewFederationConnection("Corporate SAML", FederationProtocol.Saml, new FederationSettings(null, null, null, "https://idp.matrix.test/metadata", "urn:matrix:idp", null), null)))),
        new("Configure MFA enforcement", "", s => Task.FromResult(new Request(nameof(ConfigureAuthenticationPolicy), HttpMethod.Put, $"/tenants/{s.Tenant}/authentication-policy",
            new AuthenticationPolicyChange(null, null, MfaEnforcement.RequiredForEveryone)))),
        new("View audit", "", s => Task.FromResult(Read($"/tenants/{s.Tenant}/audit"))),
        new("Export audit", "", s => Task.FromResult(Read($"/tenants/{s.Tenant}/audit/export"))),
        new("Configure audit streaming", "", s => Task.FromResult(new Request(nameof(CreateAuditStream), HttpMethod.Post, $"/tenants/{s.Tenant}/audit-streams",
            new NewAuditStream("SIEM", "https://siem.matrix.test/audit")))),
        new("Invite new members", "", s => Task.FromResult(new Request(nameof(InviteAdmin), HttpMethod.Post, $"/tenants/{s.Tenant}/admins",
            new AdminInvitation($"invitee{s.Number}@matrix.test", "Ivo", "Invitee", RoleRef.Of(SystemRole.Operator), null, null)))),
        new("Change member roles", "", async s => new Request(nameof(ChangeRole), HttpMethod.Put,
            $"/accounts/{await s.World.ActiveAdminAsync($"member{s.Number}@matrix.test", SystemRole.Viewer, s.Tenant, s.Owner)}/role", new RoleChange(RoleRef.Of(SystemRole.Operator)))),
        new("Delete the tenant", "", s => Task.FromResult(new Request(nameof(DeleteTenant), HttpMethod.Post, $"/tenants/{s.Tenant}/delete",
            new TenantDeletion($"Matrix {s.Number}", "Contract ended")))),
        new("Transfer ownership", "", s => Task.FromResult(new Request(nameof(TransferOwnership), HttpMethod.Post, $"/tenants/{s.Tenant}/ownership-transfer",
            new OwnershipTransfer(s.Owner, s.Administrator)))),
    ];

    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (var row in Table.Where(r => !NotYetOperations.Contains(r[0])))
        {
            data.Add(row[0]);
        }

        return data;
    }

    [Fact]
    public void every_row_is_an_operation_here_or_named_as_not_yet_one()
    {
        Table.Length.ShouldBe(19);
        Table.ShouldAllBe(r => r.Length == 5);
        foreach (var row in Table.Select(r => r[0]))
        {
            Probes.Any(p => p.Row == row).ShouldNotBe(NotYetOperations.Contains(row), row);
        }

        // A partial cell needs a refused and an accepted part.
        Probes.Where(p => p.Row == "Create / edit / delete users").Select(p => p.Part).ShouldBe(["create", "suspend"]);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task each_role_is_answered_as_the_seed_says_over_http_and_the_bus(string row)
    {
        var world = await Installation.CreateAsync(fixture);
        var cells = Table.Single(r => r[0] == row);
        var failures = new List<string>();
        var number = 0;
        foreach (var probe in Probes.Where(p => p.Row == row))
        {
            for (var column = 0; column < Columns.Length; column++)
            {
                var role = Columns[column];
                var allowed = cells[column + 1] switch
                {
                    "yes" => true,
                    "no" => false,
                    SuspendOnly => probe.Part == "suspend",
                    var other => throw new ArgumentOutOfRangeException(nameof(row), other, "Unknown cell value."),
                };
                foreach (var overTheBus in new[] { false, true })
                {
                    var scene = await SceneAsync(world, ++number);
                    var request = await probe.Arrange(scene);
                    if (overTheBus && request.Command is null)
                    {
                        continue;
                    }

                    var cell = $"'{row}'{(probe.Part.Length > 0 ? $" ({probe.Part})" : "")} by {role} over {(overTheBus ? "the bus" : "HTTP")}, expected {(allowed ? "accepted" : "refused")}";
                    var before = await fixture.CountEventsAsync();
                    var (accepted, forbidden, detail) = overTheBus
                        ? await BusAsync(world, scene.Actor(role), request)
                        : await HttpAsync(world, scene.Actor(role), request);
                    var written = await fixture.CountEventsAsync() - before;
                    if (allowed && (!accepted || (request.Command is not null && written == 0)))
                    {
                        failures.Add($"{cell}: {detail}, wrote {written}");
                    }
                    else if (!allowed && (accepted || !forbidden || written != 0))
                    {
                        failures.Add($"{cell}: {detail}, wrote {written}");
                    }
                }
            }
        }

        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    private static async Task<Scene> SceneAsync(Installation world, int number)
    {
        var (tenant, owner) = await world.CreateTenantAsync(world.Partner, TenantKind.Customer, $"Matrix {number}", $"owner{number}@matrix{number}.test", world.PartnerOwner);
        var administrator = await world.ActiveAdminAsync($"admin{number}@matrix{number}.test", SystemRole.Administrator, tenant, owner);
        var operatorId = await world.ActiveAdminAsync($"operator{number}@matrix{number}.test", SystemRole.Operator, tenant, owner);
        var viewer = await world.ActiveAdminAsync($"viewer{number}@matrix{number}.test", SystemRole.Viewer, tenant, owner);
        return new Scene(world, tenant, owner, administrator, operatorId, viewer, number);
    }

    private async Task<(bool Accepted, bool Forbidden, string Detail)> HttpAsync(Installation world, Guid actor, Request request)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var message = new HttpRequestMessage(request.Method, request.Url);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.TokenFor(actor));
        if (request.Body is not null)
        {
            message.Content = new StringContent(JsonSerializer.Serialize(request.Body, Installation.Json), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var code = status >= 400 ? (string?)JsonNode.Parse(body)?["code"] : null;
        return (status is >= 200 and < 300, status == 403 && code is { Length: > 0 }, $"{status} {code}");
    }

    private async Task<(bool Accepted, bool Forbidden, string Detail)> BusAsync(Installation world, Guid actor, Request request)
    {
        var template = CommandCatalog.HttpCommands.Single(c => c.Command.Name == request.Command);
        var command = request.Body is null ? new JsonObject() : JsonSerializer.SerializeToNode(request.Body, Installation.Json)!.AsObject();
        var routeSegments = template.Http.Route.Split('/');
        var urlSegments = request.Url.Split('/');
        for (var i = 0; i < routeSegments.Length; i++)
        {
            if (routeSegments[i].StartsWith('{'))
            {
                command[routeSegments[i].Trim('{', '}')] = urlSegments[i];
            }
        }

        var message = command.Deserialize(template.Command, CommandJson.Options)!;
        var outcome = await fixture.Host.MessageBus().EndpointFor(fixture.Host.Services.GetRequiredService<ServiceSettings>().CommandQueueUri)
            .InvokeAsync<CommandOutcome>(message, CommandMetadata.Delivery(world.TokenFor(actor), "matrix"), timeout: TimeSpan.FromSeconds(20));
        return (outcome.Accepted, outcome.Kind == RejectionKind.Forbidden && outcome.Code is { Length: > 0 }, $"{(outcome.Accepted ? "accepted" : outcome.Code)}");
    }
}
