using System.Text.Json;
using System.Text.Json.Serialization;
using Alba;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>
/// A small installation built through the real HTTP endpoints: the Infrastructure tenant and its superuser,
/// a Partner, a Customer below it with accounts in every role, and accounts in every state.
/// </summary>
public sealed class Installation
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly IAlbaHost host;

    private Installation(IAlbaHost host) => this.host = host;

    public Guid Superuser { get; private set; }
    public Guid Partner { get; private set; }
    public Guid PartnerOwner { get; private set; }
    public Guid Customer { get; private set; }
    public Guid CustomerOwner { get; private set; }
    public Guid SecondOwner { get; private set; }
    public Guid Administrator { get; private set; }
    public Guid Manager { get; private set; }
    public Guid Viewer { get; private set; }
    public Guid User { get; private set; }
    public Guid Invited { get; private set; }
    public Guid InactiveAdmin { get; private set; }
    public Guid DeletedAdmin { get; private set; }
    public Guid Workspace { get; private set; }

    /// <summary>Resets the database and builds the installation.</summary>
    public static async Task<Installation> CreateAsync(ServiceFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        await fixture.ResetAsync();
        var world = new Installation(fixture.Host);
        var install = new CreateInstallation("Infrastructure", "root@installation.test", "Root", "User");
        var installed = await fixture.RunAsync(install, System("install"));
        installed.Accepted.ShouldBeTrue(installed.Message);
        world.Superuser = installed.StreamVersions.Keys.Single(id => id != CreateInstallation.InfrastructureTenantId);

        (world.Partner, world.PartnerOwner) = await world.CreateTenantAsync(CreateInstallation.InfrastructureTenantId, TenantKind.Partner, "Partner", "owner@partner.test");
        (world.Customer, world.CustomerOwner) = await world.CreateTenantAsync(world.Partner, TenantKind.Customer, "Customer", "owner@customer.test", world.PartnerOwner);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/workspaces", new NewWorkspace("Retail"));
        world.Workspace = await world.WorkspaceIdAsync();

        world.SecondOwner = await world.ActiveAdminAsync("second.owner@customer.test", SystemRole.Administrator);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.SecondOwner}/promote-to-owner");
        world.Administrator = await world.ActiveAdminAsync("admin@customer.test", SystemRole.Administrator);
        world.Manager = await world.ActiveAdminAsync("manager@customer.test", SystemRole.Manager);
        world.Viewer = await world.ActiveAdminAsync("viewer@customer.test", SystemRole.Viewer);
        world.User = (await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/tenants/{world.Customer}/users", new NewUser("user@customer.test", "Uma", "User"))).Single();
        world.Invited = await world.InviteAsync("invited@customer.test", SystemRole.Operator);
        world.InactiveAdmin = await world.ActiveAdminAsync("inactive@customer.test", SystemRole.Operator);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.InactiveAdmin}/deactivate");
        world.DeletedAdmin = await world.ActiveAdminAsync("deleted@customer.test", SystemRole.Operator);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.DeletedAdmin}/delete");
        return world;
    }

    public static CommandMetadata System(string reason) =>
        new(null, null, "tests", CommandSource.CommandLine, null, Guid.NewGuid().ToString(), null, reason, null);

    public string TokenFor(Guid accountId) => host.Services.GetRequiredService<TokenIssuer>().Mint(accountId);

    public async Task<(Guid Tenant, Guid Owner)> CreateTenantAsync(Guid parent, TenantKind kind, string name, string ownerEmail, Guid? actor = null)
    {
        var ids = await SendAsync(actor ?? Superuser, HttpMethod.Post, "/tenants",
            new CreateTenant(parent, kind, name, kind is TenantKind.Partner or TenantKind.Customer ? ManagementMode.ManagedByServiceProvider : null, ownerEmail, "Olive", "Owner"));
        return (ids[0], ids[1]);
    }

    public async Task<Guid> InviteAsync(string email, SystemRole role, Guid? tenant = null, Guid? actor = null) =>
        (await SendAsync(actor ?? CustomerOwner, HttpMethod.Post, $"/tenants/{tenant ?? Customer}/admins",
            new AdminInvitation(email, "Ivy", "Invitee", RoleRef.Of(role), null, null))).Single();

    public async Task<Guid> ActiveAdminAsync(string email, SystemRole role, Guid? tenant = null, Guid? actor = null)
    {
        var id = await InviteAsync(email, role, tenant, actor);
        await SendAsync(id, HttpMethod.Post, $"/accounts/{id}/invitation/accept");
        return id;
    }

    /// <summary>
    /// Seed 004's set-up: an operator of the Infrastructure tenant with the Impersonation privilege, the
    /// superuser holding what it needs in the Customer and defined as its impersonation target, and the
    /// operator having begun impersonation there. Returns the operator's id.
    /// </summary>
    public async Task<Guid> ImpersonatingOperatorAsync()
    {
        var operatorId = await ImpersonationReadyAsync();
        await SendAsync(operatorId, HttpMethod.Post, $"/tenants/{Customer}/impersonation", new ImpersonationTarget(Superuser));
        return operatorId;
    }

    /// <summary>A Viewer of the Partner, set by <see cref="PartnerViewerAsync"/>.</summary>
    public Guid PartnerViewer { get; private set; }

    /// <summary>A Viewer of the Partner: authority there, but not over its settings.</summary>
    public async Task PartnerViewerAsync() =>
        PartnerViewer = await ActiveAdminAsync("viewer@partner.test", SystemRole.Viewer, Partner, PartnerOwner);

    /// <summary>An operator of the Infrastructure tenant with the Impersonation privilege, set once by <see cref="ImpersonationReadyAsync"/>.</summary>
    public Guid ImpersonationOperator { get; private set; }

    /// <summary>
    /// Everything impersonation needs in the Customer tenant but the impersonation itself: the operator with the
    /// privilege, the superuser's privileges there, and the superuser defined as a target. Returns the operator's id.
    /// </summary>
    public async Task<Guid> ImpersonationReadyAsync()
    {
        await SuperuserPrivilegedInCustomerAsync();
        await SendAsync(Superuser, HttpMethod.Post, $"/tenants/{Customer}/impersonation-targets", new ImpersonationTarget(Superuser));
        return ImpersonationOperator;
    }

    /// <summary>The operator with the Impersonation privilege, and the privileges the superuser needs in the Customer tenant.</summary>
    public async Task SuperuserPrivilegedInCustomerAsync()
    {
        var infrastructure = CreateInstallation.InfrastructureTenantId;
        var operatorId = await ActiveAdminAsync("operator@installation.test", SystemRole.Operator, infrastructure, actor: Superuser);
        await SendAsync(Superuser, HttpMethod.Put, $"/accounts/{operatorId}/function-privileges",
            new FunctionPrivilegeChange(infrastructure, FunctionPrivilege.Impersonation));

        // The operational tenant's Owner gives the superuser what it needs there (no one grants what they lack).
        foreach (var privilege in FunctionPrivileges.RequiredOfSuperuserInOperationalTenant)
        {
            await SendAsync(CustomerOwner, HttpMethod.Put, $"/accounts/{Superuser}/function-privileges", new FunctionPrivilegeChange(Customer, privilege));
        }

        ImpersonationOperator = operatorId;
    }

    /// <summary>A web application of the Customer, registered by its Owner, set by <see cref="ApplicationAsync"/>.</summary>
    public Guid Application { get; private set; }

    /// <summary>A web application of the Customer in the recycle bin, set by <see cref="DeletedApplicationAsync"/>.</summary>
    public Guid DeletedApplication { get; private set; }

    public async Task ApplicationAsync() =>
        Application = (await SendAsync(CustomerOwner, HttpMethod.Post, $"/tenants/{Customer}/applications",
            new NewApplication("Storefront", ApplicationKind.Web, ["https://shop.customer.test/callback"]))).Single();

    public async Task DeletedApplicationAsync()
    {
        DeletedApplication = (await SendAsync(CustomerOwner, HttpMethod.Post, $"/tenants/{Customer}/applications",
            new NewApplication("Old portal", ApplicationKind.SinglePage, ["https://old.customer.test/callback"]))).Single();
        await SendAsync(CustomerOwner, HttpMethod.Post, $"/applications/{DeletedApplication}/delete", new Reasoned("Replaced by the storefront"));
    }

    /// <summary>The settings of the Customer's OpenID Connect identity provider.</summary>
    public static readonly FederationSettings Oidc = new("https://login.customer.test", "tenancy-client", ["openid", "email"], null, null, ["customer.test"]);

    /// <summary>An OpenID Connect connection of the Customer, with a client secret, set by <see cref="FederationConnectionAsync"/>.</summary>
    public Guid Connection { get; private set; }

    public async Task FederationConnectionAsync()
    {
        await SendAsync(CustomerOwner, HttpMethod.Post, $"/tenants/{Customer}/federation-connections",
            new NewFederationConnection("Customer login", FederationProtocol.OpenIdConnect, Oidc, "customer-idp-secret"));
        await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        Connection = (await session.LoadAsync<Tenant>(Customer)).ShouldNotBeNull().FederationConnections.Single(c => c.Name == "Customer login").Id;
    }

    /// <summary>An audit stream of the Customer to a webhook nobody answers, set by <see cref="AuditStreamAsync"/>.</summary>
    public Guid AuditStream { get; private set; }

    public async Task AuditStreamAsync()
    {
        await SendAsync(CustomerOwner, HttpMethod.Post, $"/tenants/{Customer}/audit-streams", new NewAuditStream("Customer SIEM", "https://siem.customer.test/audit"));
        await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        AuditStream = (await session.LoadAsync<Tenant>(Customer)).ShouldNotBeNull().AuditStreams.Single(s => s.Name == "Customer SIEM").Id;
    }

    /// <summary>Sends a request that must be accepted; returns the ids of the streams it wrote to.</summary>
    public async Task<IReadOnlyList<Guid>> SendAsync(Guid actor, HttpMethod method, string url, object? body = null)
    {
        var result = await host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {TokenFor(actor)}");
            var call = method == HttpMethod.Post ? s.Post : method == HttpMethod.Put ? s.Put : method == HttpMethod.Delete ? s.Delete : s.Get;
            if (body is null)
            {
                call.Url(url);
            }
            else
            {
                call.Json(body, JsonStyle.MinimalApi).ToUrl(url);
            }

            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        result.Context.Response.StatusCode.ShouldBeInRange(200, 299, $"{method} {url} was refused: {text}");
        var outcome = JsonSerializer.Deserialize<CommandOutcome>(text, Json);
        outcome.ShouldNotBeNull().Accepted.ShouldBeTrue();
        return [.. outcome.StreamVersions.Keys];
    }

    public async Task<long> VersionOfAsync(Guid streamId)
    {
        await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var state = await session.Events.FetchStreamStateAsync(streamId);
        return state.ShouldNotBeNull().Version;
    }

    private async Task<Guid> WorkspaceIdAsync()
    {
        await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var tenant = await session.LoadAsync<Tenant>(Customer);
        return tenant.ShouldNotBeNull().Workspaces.Single().Id;
    }
}
