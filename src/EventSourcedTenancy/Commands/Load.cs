using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// The two shapes most commands share: a command on one tenant, and a command on one account (decided
/// together with its home tenant). Each loads the target for writing, resolves the actor, and decides.
/// </summary>
public static class Load
{
    public delegate Decision TenantDecider<in TCommand>(Tenant tenant, TCommand command, ActorContext actor, DateTimeOffset now);

    public delegate Decision AccountDecider<in TCommand>(Tenant tenant, Account account, TCommand command, ActorContext actor, DateTimeOffset now);

    public delegate Decision NewAccountDecider<in TCommand>(Tenant tenant, Account? existingWithEmail, TCommand command, ActorContext actor, Guid newAccountId, DateTimeOffset now);

    public delegate Decision PrivilegeDecider<in TCommand>(IReadOnlyList<Tenant> chainFromRootToTenant, Account account, TCommand command, ActorContext actor, DateTimeOffset now);

    /// <summary>A command that creates an account in a tenant: the tenant's account with the same email, if any, decides uniqueness.</summary>
    public static async Task<Decision> NewAccountCommand<TCommand>(
        CommandScope scope, Guid tenantId, string email, TCommand command, NewAccountDecider<TCommand> decide)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(decide);
        var tenant = await scope.TenantAsync(tenantId);
        if (tenant is null)
        {
            return Missing.Tenant(tenantId);
        }

        var actor = await scope.ActorInAsync(tenantId);
        var existing = await scope.AccountWithEmailAsync(tenantId, email);
        return actor.Rejection ?? decide(tenant, existing, command, actor.Context, CommandScope.NewId(), scope.Now);
    }

    /// <summary>A function-privilege command: the account, and the tenant chain down to where the privilege applies.</summary>
    public static async Task<Decision> PrivilegeCommand<TCommand>(
        CommandScope scope, Guid accountId, Guid tenantId, TCommand command, PrivilegeDecider<TCommand> decide)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(decide);
        var account = await scope.AccountAsync(accountId, isTarget: true);
        if (account is null)
        {
            return Missing.Account(accountId);
        }

        var chain = await scope.ChainAsync(tenantId);
        if (chain.Count == 0)
        {
            return Missing.Tenant(tenantId);
        }

        var actor = await scope.ActorInAsync(tenantId);
        return actor.Rejection ?? decide(chain, account, command, actor.Context, scope.Now);
    }

    public static async Task<Decision> TenantCommand<TCommand>(CommandScope scope, Guid tenantId, TCommand command, TenantDecider<TCommand> decide)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(decide);
        var tenant = await scope.TenantAsync(tenantId, isTarget: true);
        if (tenant is null)
        {
            return Missing.Tenant(tenantId);
        }

        var actor = await scope.ActorInAsync(tenantId);
        return actor.Rejection ?? decide(tenant, command, actor.Context, scope.Now);
    }

    public static async Task<Decision> AccountCommand<TCommand>(CommandScope scope, Guid accountId, TCommand command, AccountDecider<TCommand> decide)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(decide);
        var account = await scope.AccountAsync(accountId, isTarget: true);
        if (account is null)
        {
            return Missing.Account(accountId);
        }

        var tenant = await scope.TenantAsync(account.TenantId);
        if (tenant is null)
        {
            return Missing.Tenant(account.TenantId);
        }

        var actor = await scope.ActorInAsync(account.TenantId);
        return actor.Rejection ?? decide(tenant, account, command, actor.Context, scope.Now);
    }
}

/// <summary>Rejections for ids that name nothing.</summary>
public static class Missing
{
    public static Rejection Tenant(Guid id) =>
        Rejection.NotFound("tenant_not_found", $"There is no tenant {id}; check the id (GET /tenants/{{id}}).");

    public static Rejection Account(Guid id) =>
        Rejection.NotFound("account_not_found", $"There is no account {id}; check the id (GET /accounts/{{id}}).");
}
