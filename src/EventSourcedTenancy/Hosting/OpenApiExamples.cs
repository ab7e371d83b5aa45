using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// Puts an example request body on every command endpoint of the OpenAPI document, and the outcomes every
/// command can have (the accepted reply and the ProblemDetails refusals), so the reference at /docs can be
/// used without reading the code.
/// </summary>
public static class OpenApiExamples
{
    private static readonly Guid Tenant = new("0196a1c2-7c1e-7a10-9d2f-3c4b5a697801");
    private static readonly Guid Account = new("0196a1c2-7c1e-7a10-9d2f-3c4b5a697802");
    private static readonly Guid OtherAccount = new("0196a1c2-7c1e-7a10-9d2f-3c4b5a697803");
    private static readonly Guid App = new("0196a1c2-7c1e-7a10-9d2f-3c4b5a697804");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>One realistic body per request type.</summary>
    public static readonly IReadOnlyDictionary<Type, object> Requests = new Dictionary<Type, object>
    {
        [typeof(CreateInstallation)] = new CreateInstallation("Infrastructure", "root@example.com", "Ada", "Root"),
        [typeof(CreateTenant)] = new CreateTenant(Tenant, TenantKind.Customer, "Contoso", ManagementMode.ManagedByServiceProvider, "owner@contoso.example", "Olive", "Owner"),
        [typeof(ChangeManagementMode)] = new ChangeManagementMode(Tenant, ManagementMode.SelfManaged),
        [typeof(RestrictAncestorAccess)] = new RestrictAncestorAccess(Tenant, true, "Only our own administrators manage this tenant"),
        [typeof(ConfigureTenantPolicy)] = new ConfigureTenantPolicy(Tenant, [SignInMethod.Password], new PasswordPolicy(12, true, true, true, 365), MfaEnforcement.RequiredForAdministrators, null),
        [typeof(ConfigureAuthenticationPolicy)] = new ConfigureAuthenticationPolicy(Tenant, [SignInMethod.Password, SignInMethod.Passkey], new PasswordPolicy(10, true, false, true, null), MfaEnforcement.RequiredForEveryone),
        [typeof(CreateAuditStream)] = new CreateAuditStream(Tenant, "Contoso SIEM", "https://siem.contoso.example/ingest/tenancy", null),
        [typeof(DeleteAuditStream)] = new DeleteAuditStream(Tenant, App, "Moved to the new SIEM"),
        [typeof(CreateFederationConnection)] = new CreateFederationConnection(Tenant, "Contoso Entra ID", FederationProtocol.OpenIdConnect,
            new FederationSettings("https://login.contoso.example/v2.0", "tenancy-client", ["openid", "email", "profile"], null, null, ["contoso.example"]), "client-secret-from-the-identity-provider"),
        [typeof(EditFederationConnection)] = new EditFederationConnection(Tenant, App, "Contoso Entra ID",
            new FederationSettings("https://login.contoso.example/v2.0", "tenancy-client", ["openid", "email"], null, null, ["contoso.example", "contoso.dev"]), null, null),
        [typeof(DeleteFederationConnection)] = new DeleteFederationConnection(Tenant, App, "Moved to the new identity provider"),
        [typeof(RegisterApplication)] = new RegisterApplication(Tenant, "Contoso storefront", ApplicationKind.Web, ["https://shop.contoso.example/signin-callback"], null),
        [typeof(EditApplication)] = new EditApplication(App, "Contoso storefront", ["https://shop.contoso.example/signin-callback", "https://www.contoso.example/signin-callback"]),
        [typeof(DisableApplication)] = new DisableApplication(App, "Suspected credential leak"),
        [typeof(DeleteApplication)] = new DeleteApplication(App, "Replaced by the new storefront"),
        [typeof(RotateApplicationSecret)] = new RotateApplicationSecret(App, "Yearly rotation", 48, null),
        [typeof(ConfigureBranding)] = new ConfigureBranding(Tenant, "Contoso Cloud", "https://contoso.example/logo.svg", "#1F4E79"),
        [typeof(CreateWorkspace)] = new CreateWorkspace(Tenant, "Retail"),
        [typeof(DefineCustomRole)] = new DefineCustomRole(Tenant, "Branding editor", [Capability.ConfigureBranding]),
        [typeof(TransferOwnership)] = new TransferOwnership(Tenant, Account, OtherAccount),
        [typeof(DeleteTenant)] = new DeleteTenant(Tenant, "Contoso", "Contract ended"),
        [typeof(BeginImpersonation)] = new BeginImpersonation(Tenant, Account),
        [typeof(EndImpersonation)] = new EndImpersonation(Tenant, Account),
        [typeof(DefineImpersonationTarget)] = new DefineImpersonationTarget(Tenant, Account),
        [typeof(InviteAdmin)] = new InviteAdmin(Tenant, "ivy@contoso.example", "Ivy", "Invitee", RoleRef.Of(SystemRole.Operator), null, null),
        [typeof(CreateUser)] = new CreateUser(Tenant, "uma@contoso.example", "Uma", "User"),
        [typeof(ImportUsers)] = new ImportUsers(Tenant, [new ImportedUser("uma@contoso.example", "Uma", "User"), new ImportedUser("udo@contoso.example", "Udo", "User")]),
        [typeof(ChangeRole)] = new ChangeRole(Account, RoleRef.Of(SystemRole.Administrator)),
        [typeof(AssignWorkspaceRole)] = new AssignWorkspaceRole(Account, OtherAccount, SystemRole.WorkspaceAdmin),
        [typeof(GrantFunctionPrivilege)] = new GrantFunctionPrivilege(Account, Tenant, FunctionPrivilege.UserAdministrator),
        [typeof(SetAdminInactive)] = new SetAdminInactive(Account, "Left the company"),
        [typeof(SetAccountDeleted)] = new SetAccountDeleted(Account, "Duplicate account"),
        [typeof(EraseAccount)] = new EraseAccount(Account, "Erasure request 2026-31"),
        [typeof(RevokeFunctionPrivilege)] = new RevokeFunctionPrivilege(Account, Tenant, FunctionPrivilege.UserAdministrator),
    };

    private static readonly CommandOutcome AcceptedExample = CommandOutcome.Accept(
        new Dictionary<Guid, long> { [Account] = 4, [Tenant] = 12 }, ["PromotedToOwner", "OwnerAdded"]);

    public static OpenApiOptions AddCommandExamples(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddOperationTransformer((operation, context, _) =>
        {
            var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source.Id == "Body")?.Type;
            if (body is not null && Requests.TryGetValue(body, out var example) && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), Json);
                }
            }

            if (context.Description.HttpMethod is "POST" or "PUT" or "DELETE")
            {
                operation.Responses ??= [];
                Describe(operation, "200", "Accepted: the streams written and their new versions.", JsonSerializer.SerializeToNode(AcceptedExample, Json));
                Describe(operation, "201", "Created: the new tenant or account is at Location; the streams written and their new versions. A repeat of the same command answers 200.", JsonSerializer.SerializeToNode(AcceptedExample, Json));
                Describe(operation, "400", "Malformed or invalid input (ProblemDetails with a code); nothing written.", Problem(400, "invalid_email", "'ivy@' is not an email address."));
                Describe(operation, "401", "No valid bearer token.", null);
                Describe(operation, "403", "The domain refused: the actor lacks the authority (ProblemDetails with a code); nothing written.", Problem(403, "owner_only", "Only an Owner can make an Owner; escalate to an Owner."));
                Describe(operation, "404", "An id in the request names nothing.", Problem(404, "account_not_found", $"There is no account {Account}; check the id."));
                Describe(operation, "409", "The state does not allow it, or the version in If-Match is stale; nothing written.", Problem(409, "account_state", "Account is Deleted; restore it first."));
            }

            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>Describes a response the endpoint declares, keeping its schema and adding the example.</summary>
    private static void Describe(OpenApiOperation operation, string status, string description, JsonNode? example)
    {
        if (operation.Responses!.TryGetValue(status, out var declared) && declared is OpenApiResponse response)
        {
            response.Description = description;
            foreach (var media in response.Content?.Values ?? [])
            {
                media.Example = example?.DeepClone();
            }
        }
    }

    private static JsonNode Problem(int status, string code, string detail) => new JsonObject
    {
        ["type"] = $"urn:eventsourcedtenancy:problem:{code}",
        ["title"] = status switch { 400 => "The request is not valid", 403 => "Not allowed", 404 => "Not found", _ => "Conflict with the current state" },
        ["status"] = status,
        ["detail"] = detail,
        ["code"] = code,
    };
}
