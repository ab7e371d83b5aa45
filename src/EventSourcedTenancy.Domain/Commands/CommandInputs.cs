using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// Everything a command's <see cref="ITenancyCommand.Decide"/> may look at, read as its <see cref="ReadPlan"/>
/// asked: plain state, the resolved actor, the time and a source of new ids. Deciding from it is pure.
/// </summary>
/// <param name="Plan">What was asked for.</param>
/// <param name="Chain">The tenants from the root down to the scope tenant; empty when the scope tenant does not exist.</param>
/// <param name="Tenant">The tenant the command writes to, when the plan names one and it exists.</param>
/// <param name="Accounts">Every account read (target, others, the actor and the identity acted as), by id.</param>
/// <param name="ExistingWithEmail">The scope tenant's account with the plan's email, if any.</param>
/// <param name="LiveChildren">The number of live child tenants, when the plan asked for it.</param>
/// <param name="DeletedAt">When the target account was soft-deleted, when the plan asked for it.</param>
/// <param name="RecycleBinRetention">How long a soft-deleted account can be restored (the installation's setting).</param>
/// <param name="Actor">The actor's authority in the scope tenant.</param>
/// <param name="Now">The time of the decision.</param>
/// <param name="NewId">Ids for new streams and entities.</param>
public sealed record CommandInputs(
    ReadPlan Plan,
    IReadOnlyList<Tenant> Chain,
    Tenant? Tenant,
    IReadOnlyDictionary<Guid, Account> Accounts,
    Account? ExistingWithEmail,
    int LiveChildren,
    DateTimeOffset? DeletedAt,
    TimeSpan RecycleBinRetention,
    ActorContext Actor,
    DateTimeOffset Now,
    Func<Guid> NewId)
{
    /// <summary>
    /// Of the plan's <see cref="ReadPlan.EmailsInScope"/>, those (normalized) that an account of the scope tenant holds,
    /// with the state of that account; an erased account holds none.
    /// </summary>
    public IReadOnlyDictionary<string, AccountState> TakenEmails { get; init; } = new Dictionary<string, AccountState>();

    /// <summary>The application the plan names, when it exists.</summary>
    public Application? Application { get; init; }

    /// <summary>A source of new client secrets.</summary>
    public Func<string> NewSecret { get; init; } = ClientSecrets.Generate;

    /// <summary>The command's target account, when the plan names one and it exists.</summary>
    public Account? Account => Plan.Account is { } id ? AccountById(id) : null;

    public Account? AccountById(Guid id) => Accounts.TryGetValue(id, out var account) ? account : null;

    /// <summary>
    /// The same inputs as if the command's target (its tenant, its account) did not exist: deciding on them
    /// tells what a caller is answered for an unknown id, which is also what a caller without any authority
    /// there is answered, so it cannot tell the two apart.
    /// </summary>
    public CommandInputs WithoutTarget() => this with
    {
        Tenant = null,
        Chain = [],
        Application = null,
        Accounts = Plan.Account is { } target ? Accounts.Where(p => p.Key != target).ToDictionary() : Accounts,
    };

    /// <summary>A command on one tenant: rejected when the tenant does not exist.</summary>
    public Decision OnTenant(Func<Tenant, Decision> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return Tenant is null ? Missing.Tenant(Plan.Tenant ?? Guid.Empty) : decide(Tenant);
    }

    /// <summary>A command on one account, with its home tenant: rejected when either does not exist.</summary>
    public Decision OnAccount(Func<Tenant, Account, Decision> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        if (Account is not { } account)
        {
            return Missing.Account(Plan.Account ?? Guid.Empty);
        }

        return Chain.Count == 0 || Chain[^1].Id != account.TenantId ? Missing.Tenant(account.TenantId) : decide(Chain[^1], account);
    }

    /// <summary>
    /// A command on one account, decided along the chain down to the plan's scope tenant (where a function
    /// privilege is held): rejected when the account or that tenant does not exist.
    /// </summary>
    public Decision OnAccountInScope(Func<IReadOnlyList<Tenant>, Account, Decision> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return Account is not { } account ? Missing.Account(Plan.Account ?? Guid.Empty)
            : Chain.Count == 0 ? Missing.Tenant(Plan.ScopeTenant ?? Guid.Empty)
            : decide(Chain, account);
    }

    /// <summary>A command on one application, with its tenant: rejected when either does not exist.</summary>
    public Decision OnApplication(Func<Tenant, Application, Decision> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        if (Application is not { } application)
        {
            return Missing.Application(Plan.Application ?? Guid.Empty);
        }

        return Chain.Count == 0 || Chain[^1].Id != application.TenantId ? Missing.Tenant(application.TenantId) : decide(Chain[^1], application);
    }
}
