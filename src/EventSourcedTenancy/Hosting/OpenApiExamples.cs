using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>One realistic body per request type.</summary>
    public static readonly IReadOnlyDictionary<Type, object> Requests = new Dictionary<Type, object>
    {
        [typeof(CreateInstallation)] = new CreateInstallation("Infrastructure", "root@example.com", "Ada", "Root"),
        [typeof(CreateTenant)] = new CreateTenant(Tenant, TenantKind.Customer, "Contoso", ManagementMode.ManagedByServiceProvider, "owner@contoso.example", "Olive", "Owner"),
        [typeof(ManagementModeChange)] = new ManagementModeChange(ManagementMode.SelfManaged),
        [typeof(AncestorAccessChange)] = new AncestorAccessChange(true, "Only our own administrators manage this tenant"),
        [typeof(TenantPolicyChange)] = new TenantPolicyChange([SignInMethod.Password], new PasswordPolicy(12, true, true, true, 365), MfaEnforcement.RequiredForAdministrators, null),
        [typeof(BrandingChange)] = new BrandingChange("Contoso Cloud", "https://contoso.example/logo.svg", "#1F4E79"),
        [typeof(NewWorkspace)] = new NewWorkspace("Retail"),
        [typeof(NewCustomRole)] = new NewCustomRole("Branding editor", [Capability.ConfigureBranding]),
        [typeof(OwnershipTransfer)] = new OwnershipTransfer(Account, OtherAccount),
        [typeof(TenantDeletion)] = new TenantDeletion("Contoso", "Contract ended"),
        [typeof(ImpersonationTarget)] = new ImpersonationTarget(Account),
        [typeof(AdminInvitation)] = new AdminInvitation("ivy@contoso.example", "Ivy", "Invitee", RoleRef.Of(SystemRole.Operator), null, null),
        [typeof(NewUser)] = new NewUser("uma@contoso.example", "Uma", "User"),
        [typeof(RoleChange)] = new RoleChange(RoleRef.Of(SystemRole.Administrator)),
        [typeof(WorkspaceRoleChange)] = new WorkspaceRoleChange(SystemRole.WorkspaceAdmin),
        [typeof(FunctionPrivilegeChange)] = new FunctionPrivilegeChange(Tenant, FunctionPrivilege.UserAdministrator),
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
                operation.Responses["200"] = Response("Accepted: the streams written and their new versions.", JsonSerializer.SerializeToNode(AcceptedExample, Json));
                operation.Responses["400"] = Response("Malformed or invalid input (ProblemDetails with a code); nothing written.", Problem(400, "invalid_email", "'ivy@' is not an email address."));
                operation.Responses["401"] = Response("No valid bearer token.", null);
                operation.Responses["403"] = Response("The domain refused: the actor lacks the authority (ProblemDetails with a code); nothing written.", Problem(403, "owner_only", "Only an Owner can make an Owner; escalate to an Owner."));
                operation.Responses["404"] = Response("An id in the request names nothing.", Problem(404, "account_not_found", $"There is no account {Account}; check the id."));
                operation.Responses["409"] = Response("The state does not allow it, or the version in If-Match is stale; nothing written.", Problem(409, "account_state", "Account is Deleted; restore it first."));
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static OpenApiResponse Response(string description, JsonNode? example) => new()
    {
        Description = description,
        Content = example is null
            ? null
            : new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Example = example } },
    };

    private static JsonNode Problem(int status, string code, string detail) => new JsonObject
    {
        ["type"] = $"urn:eventsourcedtenancy:problem:{code}",
        ["title"] = status switch { 400 => "The request is not valid", 403 => "Not allowed", 404 => "Not found", _ => "Conflict with the current state" },
        ["status"] = status,
        ["detail"] = detail,
        ["code"] = code,
    };
}
