namespace EventSourcedTenancy.Commands;

/// <summary>Rejections for ids that name nothing.</summary>
public static class Missing
{
    public static Rejection Tenant(Guid id) =>
        Rejection.NotFound("tenant_not_found", $"There is no tenant {id}; check the id (GET /tenants/{{id}}).");

    public static Rejection Account(Guid id) =>
        Rejection.NotFound("account_not_found", $"There is no account {id}; check the id (GET /accounts/{{id}}).");
}
