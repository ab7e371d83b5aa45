using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Commands;

/// <summary>
/// One row per command endpoint: who may send it (happy path), who may not (403), the request, and the
/// stream whose version a stale If-Match must conflict with (none for commands that create streams).
/// </summary>
public sealed record EndpointCase(
    string Name,
    Func<Installation, Guid> Actor,
    Func<Installation, Guid> Forbidden,
    HttpMethod Method,
    Func<Installation, string> Url,
    Func<Installation, object?> Body,
    Func<Installation, Guid?> Target,
    int SuccessStatus = 200,
    Func<Installation, Task>? Arrange = null,
    string ForbiddenCode = "missing_capability")
{
    public override string ToString() => Name;
}

public static class EndpointCases
{
    private static readonly HttpMethod Post = HttpMethod.Post;
    private static readonly HttpMethod Put = HttpMethod.Put;
    private static readonly HttpMethod Delete = HttpMethod.Delete;

    public static readonly IReadOnlyList<EndpointCase> All =
    [
        // Tenants
        new("CreateTenant", w => w.CustomerOwner, w => w.Viewer, Post, _ => "/tenants",
            w => new CreateTenant(w.Customer, TenantKind.Unit, "Sales unit", null, "unit.owner@customer.test", "Una", "Owner"), _ => null, 201),
        new("ChangeManagementMode", w => w.CustomerOwner, w => w.Viewer, Put, w => $"/tenants/{w.Customer}/management-mode",
            _ => new ManagementModeChange(ManagementMode.SelfManaged), w => w.Customer),
        new("RestrictAncestorAccess", w => w.CustomerOwner, w => w.Viewer, Put, w => $"/tenants/{w.Customer}/ancestor-access",
            _ => new AncestorAccessChange(true, "Our data stays ours"), w => w.Customer),
        new("ConfigureTenantPolicy", w => w.CustomerOwner, w => w.Administrator, Put, w => $"/tenants/{w.Customer}/policy",
            _ => new TenantPolicyChange(null, null, MfaEnforcement.RequiredForAdministrators, null), w => w.Customer, ForbiddenCode: "owner_only"),
        new("ConfigureBranding", w => w.PartnerOwner, w => w.PartnerViewer, Put, w => $"/tenants/{w.Partner}/branding",
            _ => new BrandingChange("Partner & Co", null, "#203040"), w => w.Partner, Arrange: w => w.PartnerViewerAsync()),
        new("CreateWorkspace", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/workspaces",
            _ => new NewWorkspace("Wholesale"), w => w.Customer),
        new("DefineCustomRole", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/roles",
            _ => new NewCustomRole("User viewer", [Capability.ViewUsers]), w => w.Customer),
        new("TransferOwnership", w => w.CustomerOwner, w => w.Administrator, Post, w => $"/tenants/{w.Customer}/ownership-transfer",
            w => new OwnershipTransfer(w.CustomerOwner, w.Administrator), w => w.Customer, ForbiddenCode: "owner_only"),
        new("DefineImpersonationTarget", w => w.Superuser, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/impersonation-targets",
            w => new ImpersonationTarget(w.Superuser), w => w.Customer, Arrange: w => w.SuperuserPrivilegedInCustomerAsync()),
        new("BeginImpersonation", w => w.ImpersonationOperator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/impersonation",
            w => new ImpersonationTarget(w.Superuser), w => w.Customer, Arrange: w => w.ImpersonationReadyAsync(), ForbiddenCode: "impersonation_not_allowed"),
        new("EndImpersonation", w => w.ImpersonationOperator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/impersonation/end",
            w => new ImpersonationTarget(w.Superuser), w => w.Customer, Arrange: w => w.ImpersonatingOperatorAsync(), ForbiddenCode: "not_your_impersonation"),
        new("DeleteTenant", w => w.CustomerOwner, w => w.Administrator, Post, w => $"/tenants/{w.Customer}/delete",
            _ => new TenantDeletion("Customer", "Contract ended"), w => w.Customer, ForbiddenCode: "owner_only"),

        new("ConfigureAuthenticationPolicy", w => w.Administrator, w => w.Manager, Put, w => $"/tenants/{w.Customer}/authentication-policy",
            _ => new AuthenticationPolicyChange([SignInMethod.Password, SignInMethod.Passkey], null, MfaEnforcement.RequiredForEveryone), w => w.Customer),

        // Audit streams
        new("CreateAuditStream", w => w.Administrator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/audit-streams",
            _ => new NewAuditStream("SIEM", "https://siem.customer.test/ingest"), w => w.Customer),
        new("PauseAuditStream", w => w.Administrator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/audit-streams/{w.AuditStream}/pause", _ => null, w => w.Customer,
            Arrange: w => w.AuditStreamAsync()),
        new("ResumeAuditStream", w => w.Administrator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/audit-streams/{w.AuditStream}/resume", _ => null, w => w.Customer,
            Arrange: async w =>
            {
                await w.AuditStreamAsync();
                await w.SendAsync(w.CustomerOwner, HttpMethod.Post, $"/tenants/{w.Customer}/audit-streams/{w.AuditStream}/pause");
            }),
        new("DeleteAuditStream", w => w.Administrator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/audit-streams/{w.AuditStream}/delete",
            _ => new Reasoned("Moved to another SIEM"), w => w.Customer, Arrange: w => w.AuditStreamAsync()),

        // Federation connections
        new("CreateFederationConnection", w => w.Administrator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/federation-connections",
            _ => new NewFederationConnection("Partner SAML", FederationProtocol.Saml, new FederationSettings(null, null, null, "https://idp.partner.test/metadata", "urn:partner:idp", null), null), w => w.Customer),
        new("EditFederationConnection", w => w.Administrator, w => w.Viewer, Put, w => $"/tenants/{w.Customer}/federation-connections/{w.Connection}",
            _ => new FederationConnectionChange("Customer login (new)", Installation.Oidc, "rotated-idp-secret", null), w => w.Customer, Arrange: w => w.FederationConnectionAsync()),
        new("DisableFederationConnection", w => w.Administrator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/federation-connections/{w.Connection}/disable", _ => null, w => w.Customer,
            Arrange: w => w.FederationConnectionAsync()),
        new("EnableFederationConnection", w => w.Administrator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/federation-connections/{w.Connection}/enable", _ => null, w => w.Customer,
            Arrange: async w =>
            {
                await w.FederationConnectionAsync();
                await w.SendAsync(w.CustomerOwner, HttpMethod.Post, $"/tenants/{w.Customer}/federation-connections/{w.Connection}/disable");
            }),
        new("DeleteFederationConnection", w => w.Administrator, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/federation-connections/{w.Connection}/delete",
            _ => new Reasoned("Moved to SAML"), w => w.Customer, Arrange: w => w.FederationConnectionAsync()),

        // Applications
        new("RegisterApplication", w => w.Administrator, w => w.Manager, Post, w => $"/tenants/{w.Customer}/applications",
            _ => new NewApplication("Billing service", ApplicationKind.MachineToMachine, null), _ => null, 201),
        new("EditApplication", w => w.Administrator, w => w.Viewer, Put, w => $"/applications/{w.Application}",
            _ => new ApplicationChange("Storefront (new)", ["https://shop.customer.test/callback", "https://shop.customer.test/silent"]), w => w.Application,
            Arrange: w => w.ApplicationAsync()),
        new("DisableApplication", w => w.Administrator, w => w.Viewer, Post, w => $"/applications/{w.Application}/disable",
            _ => new Reasoned("Suspected misuse"), w => w.Application, Arrange: w => w.ApplicationAsync()),
        new("EnableApplication", w => w.Administrator, w => w.Viewer, Post, w => $"/applications/{w.Application}/enable", _ => null, w => w.Application,
            Arrange: async w =>
            {
                await w.ApplicationAsync();
                await w.SendAsync(w.CustomerOwner, HttpMethod.Post, $"/applications/{w.Application}/disable", new Reasoned("Maintenance"));
            }),
        new("DeleteApplication", w => w.Administrator, w => w.Viewer, Post, w => $"/applications/{w.Application}/delete",
            _ => new Reasoned("No longer used"), w => w.Application, Arrange: w => w.ApplicationAsync()),
        new("RestoreApplication", w => w.Administrator, w => w.Viewer, Post, w => $"/applications/{w.DeletedApplication}/restore", _ => null, w => w.DeletedApplication,
            Arrange: w => w.DeletedApplicationAsync()),
        new("RotateApplicationSecret", w => w.Administrator, w => w.Viewer, Post, w => $"/applications/{w.Application}/secrets/rotate",
            _ => new SecretRotation("Yearly rotation", 48), w => w.Application, Arrange: w => w.ApplicationAsync()),

        // Accounts
        new("InviteAdmin", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/admins",
            _ => new AdminInvitation("new.admin@customer.test", "Nia", "Admin", RoleRef.Of(SystemRole.Operator), null, null), _ => null, 201, ForbiddenCode: "escalation"),
        new("CreateUser", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/tenants/{w.Customer}/users",
            _ => new NewUser("new.user@customer.test", "Ned", "User"), _ => null, 201),
        new("ImportUsers", w => w.CustomerOwner, w => w.Manager, Post, w => $"/tenants/{w.Customer}/users/import",
            _ => new UserImport([new NewUser("bulk.one@customer.test", "Bea", "Bulk"), new NewUser("bulk.two@customer.test", "Bo", "Bulk")]), _ => null),
        new("ResendInvitation", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/accounts/{w.Invited}/invitation/resend", _ => null, w => w.Invited),
        new("AcceptInvitation", w => w.Invited, w => w.Viewer, Post, w => $"/accounts/{w.Invited}/invitation/accept", _ => null, w => w.Invited, ForbiddenCode: "not_the_invitee"),
        new("ChangeRole", w => w.CustomerOwner, w => w.Viewer, Put, w => $"/accounts/{w.Administrator}/role",
            _ => new RoleChange(RoleRef.Of(SystemRole.Operator)), w => w.Administrator),
        new("PromoteToOwner", w => w.CustomerOwner, w => w.Manager, Post, w => $"/accounts/{w.Administrator}/promote-to-owner", _ => null, w => w.Administrator, ForbiddenCode: "only_owner_makes_owner"),
        new("SetAdminInactive", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/accounts/{w.Administrator}/deactivate", _ => null, w => w.Administrator),
        new("ReactivateAccount", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/accounts/{w.InactiveAdmin}/reactivate", _ => null, w => w.InactiveAdmin),
        new("SetAccountDeleted", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/accounts/{w.Administrator}/delete", _ => null, w => w.Administrator),
        new("RestoreAccount", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/accounts/{w.DeletedAdmin}/restore", _ => null, w => w.DeletedAdmin),
        new("EraseAccount", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/accounts/{w.DeletedAdmin}/erase", _ => null, w => w.DeletedAdmin),
        new("ResetPassword", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/accounts/{w.User}/password-reset", _ => null, w => w.User),
        new("ForceMfaReset", w => w.CustomerOwner, w => w.Viewer, Post, w => $"/accounts/{w.User}/mfa-reset", _ => null, w => w.User),
        new("AssignWorkspaceRole", w => w.CustomerOwner, w => w.Viewer, Put, w => $"/accounts/{w.Administrator}/workspace-roles/{w.Workspace}",
            _ => new WorkspaceRoleChange(SystemRole.WorkspaceAuditor), w => w.Administrator),
        new("RemoveWorkspaceRole", w => w.CustomerOwner, w => w.Viewer, Delete, w => $"/accounts/{w.Administrator}/workspace-roles/{w.Workspace}", _ => null, w => w.Administrator,
            Arrange: w => w.SendAsync(w.CustomerOwner, HttpMethod.Put, $"/accounts/{w.Administrator}/workspace-roles/{w.Workspace}", new WorkspaceRoleChange(SystemRole.WorkspaceAuditor))),
        new("GrantFunctionPrivilege", w => w.Superuser, w => w.Viewer, Put, w => $"/accounts/{w.Administrator}/function-privileges",
            w => new FunctionPrivilegeChange(w.Customer, FunctionPrivilege.UserAdministrator), w => w.Administrator),
        new("RevokeFunctionPrivilege", w => w.Superuser, w => w.Viewer, Post, w => $"/accounts/{w.Administrator}/function-privileges/revoke",
            w => new FunctionPrivilegeChange(w.Customer, FunctionPrivilege.UserAdministrator), w => w.Administrator,
            Arrange: w => w.SendAsync(w.Superuser, HttpMethod.Put, $"/accounts/{w.Administrator}/function-privileges", new FunctionPrivilegeChange(w.Customer, FunctionPrivilege.UserAdministrator))),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var endpoint in All)
        {
            data.Add(endpoint.Name);
        }

        return data;
    }

    public static EndpointCase Named(string name) => All.Single(c => c.Name == name);
}
