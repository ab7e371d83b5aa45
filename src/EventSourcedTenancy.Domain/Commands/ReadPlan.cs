namespace EventSourcedTenancy.Commands;

/// <summary>
/// What a command needs read before it can be decided, declared by the command itself. The service reads
/// all of it in one batched query: the streams to write (with the versions they were read at), the chain of
/// tenants from the root down to the scope tenant, the actor's accounts, and the few extra facts some
/// commands need.
/// </summary>
/// <param name="Tenant">The tenant the command writes to (its target when <paramref name="Account"/> is null).</param>
/// <param name="Account">The account the command writes to (its target).</param>
/// <param name="ScopeTenant">
/// Where the actor's authority is resolved. Null: <paramref name="Tenant"/>, or else the home tenant of
/// <paramref name="Account"/> or of <paramref name="Application"/>.
/// </param>
/// <param name="OtherAccounts">Further accounts the decision reads or writes.</param>
/// <param name="EmailInScope">An email address whose account in the scope tenant, if any, decides uniqueness.</param>
/// <param name="CountLiveChildren">Whether the decision needs the number of live child tenants of <paramref name="Tenant"/>.</param>
/// <param name="SystemActor">The installation acts, not a caller: only for bootstrap.</param>
/// <param name="DeletedAt">Whether the decision needs the time the target account was soft-deleted (recycle bin retention).</param>
/// <param name="EmailsInScope">Email addresses of which those already taken in the scope tenant decide uniqueness (a bulk creation).</param>
/// <param name="Application">The application the command writes to (its target); its tenant is the scope tenant.</param>
public sealed record ReadPlan(
    Guid? Tenant = null,
    Guid? Account = null,
    Guid? ScopeTenant = null,
    IReadOnlyList<Guid>? OtherAccounts = null,
    string? EmailInScope = null,
    bool CountLiveChildren = false,
    bool SystemActor = false,
    bool DeletedAt = false,
    IReadOnlyList<string>? EmailsInScope = null,
    Guid? Application = null)
{
    /// <summary>A command on one tenant, decided with the actor's authority there.</summary>
    public static ReadPlan OnTenant(Guid tenantId) => new(Tenant: tenantId);

    /// <summary>A command on one account, decided with the actor's authority in the account's tenant (or <paramref name="scopeTenant"/>).</summary>
    public static ReadPlan OnAccount(Guid accountId, Guid? scopeTenant = null) => new(Account: accountId, ScopeTenant: scopeTenant);

    /// <summary>A command that creates an account in a tenant: the tenant's account with that email decides uniqueness.</summary>
    public static ReadPlan NewAccountIn(Guid tenantId, string? email) => new(Tenant: tenantId, EmailInScope: email ?? string.Empty);

    /// <summary>A command that creates many accounts in a tenant: the emails among them already taken there decide uniqueness.</summary>
    public static ReadPlan NewAccountsIn(Guid tenantId, IReadOnlyList<string> emails) => new(Tenant: tenantId, EmailsInScope: emails);

    /// <summary>A command on one application, decided with the actor's authority in the application's tenant.</summary>
    public static ReadPlan OnApplication(Guid applicationId) => new(Application: applicationId);

    /// <summary>The stream whose version a caller's expected version is compared with.</summary>
    public Guid? Target => Application ?? Account ?? Tenant;
}
