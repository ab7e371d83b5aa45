using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Domain.Tests.Support;

/// <summary>
/// The service's read of a command, in memory: what its loader reads for a command's <see cref="ReadPlan"/>,
/// taken from a <see cref="World"/> instead of the event store. The scope tenant is the plan's, else its
/// tenant, else the target account's home; the chain runs from the root down to it (empty when it does
/// not exist); the accounts are the target, the others and the caller's, as far as they exist; the caller
/// is resolved with <see cref="ActorResolver.ResolveCaller"/> (its rejection, a refused impersonation, is
/// the pipeline's to report and is not part of the inputs).
/// </summary>
public static class Pipeline
{
    /// <param name="world">Where the state is read from.</param>
    /// <param name="command">The command whose plan is read.</param>
    /// <param name="actorId">The caller (none: unauthenticated).</param>
    /// <param name="actAsId">The superuser the caller acts as, if any.</param>
    /// <param name="deletedAt">When the target account was soft-deleted, for a plan that asks.</param>
    /// <param name="retention">The recycle bin's retention (default: <see cref="RecycleBinRetention.Default"/>).</param>
    /// <param name="newId">Where new ids come from (default: the world's).</param>
    public static CommandInputs Read(
        this World world,
        ITenancyCommand command,
        Guid? actorId,
        Guid? actAsId = null,
        DateTimeOffset? deletedAt = null,
        TimeSpan? retention = null,
        Func<Guid>? newId = null)
    {
        var plan = command.Reads();
        var scope = plan.ScopeTenant ?? plan.Tenant
            ?? (plan.Account is { } target && world.Accounts.TryGetValue(target, out var targetAccount) ? targetAccount.TenantId
                : plan.Application is { } app && world.Applications.TryGetValue(app, out var application) ? application.TenantId
                : null);
        var chain = scope is { } scopeId && world.Tenants.ContainsKey(scopeId) ? world.Chain(scopeId) : [];
        var tenant = plan.Tenant is { } tenantId ? world.Tenants.GetValueOrDefault(tenantId) : null;
        Guid?[] wanted = [plan.Account, .. (plan.OtherAccounts ?? []).Select(id => (Guid?)id), actorId, actAsId];
        var accounts = wanted.OfType<Guid>().Distinct().Where(world.Accounts.ContainsKey).ToDictionary(id => id, id => world.Accounts[id]);
        var email = InputValidation.NormalizeEmail(plan.EmailInScope ?? string.Empty);
        var existingWithEmail = plan.EmailInScope is not null && scope is { } emailTenant
            ? world.Accounts.Values.FirstOrDefault(a => a.TenantId == emailTenant && a.Email == email)
            : null;
        var liveChildren = plan.CountLiveChildren && plan.Tenant is { } parent
            ? world.Tenants.Values.Count(t => t.ParentId == parent && t.IsLive)
            : 0;
        var actor = plan.SystemActor
            ? ActorContext.System(scope ?? Guid.Empty)
            : ActorResolver.ResolveCaller(actorId, actAsId, chain, id => accounts.GetValueOrDefault(id), scope ?? Guid.Empty, world.Clock).Context;
        var batchEmails = (plan.EmailsInScope ?? []).Select(InputValidation.NormalizeEmail).ToHashSet(StringComparer.Ordinal);
        var taken = scope is { } batchTenant
            ? world.TakenEmails(batchTenant).Where(t => batchEmails.Contains(t.Key)).ToDictionary()
            : [];
        return new CommandInputs(
            plan, chain, tenant, accounts, existingWithEmail, liveChildren, plan.DeletedAt ? deletedAt : null,
            retention ?? RecycleBinRetention.Default, actor, world.Clock, newId ?? world.NewId)
        {
            TakenEmails = taken,
            Application = plan.Application is { } applicationId ? world.Applications.GetValueOrDefault(applicationId) : null,
            NewSecret = World.NewSecret,
        };
    }

    /// <summary>Inputs that name nothing: no chain, no tenant, no accounts, nobody acting.</summary>
    public static CommandInputs Empty(ReadPlan plan) => new(
        plan, [], null, new Dictionary<Guid, Account>(), null, 0, null, RecycleBinRetention.Default,
        ActorContext.Nobody(Guid.Empty, Guid.Empty), World.Now, () => throw new InvalidOperationException("No new id expected."));
}
