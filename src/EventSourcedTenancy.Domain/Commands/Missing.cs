using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Commands;

/// <summary>Rejections for ids that name nothing.</summary>
public static class Missing
{
    public static Rejection Tenant(Guid id) =>
        Rejection.NotFound(RejectionCodes.TenantNotFound, $"There is no tenant {id}; check the id (GET /tenants/{{id}}).");

    public static Rejection Account(Guid id) =>
        Rejection.NotFound(RejectionCodes.AccountNotFound, $"There is no account {id}; check the id (GET /accounts/{{id}}).");

    public static Rejection Application(Guid id) =>
        Rejection.NotFound(RejectionCodes.ApplicationNotFound, $"There is no application {id}; check the id (GET /tenants/{{tenantId}}/applications lists a tenant's applications).");
}
