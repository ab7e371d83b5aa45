using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.RecycleBin;
using EventSourcedTenancy.Tenants;
using EventSourcedTenancy.Users;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;

namespace EventSourcedTenancy.Hosting;

public static class Aggregates
{
    /// <summary>
    /// Tenants, accounts and applications are kept as inline snapshots, updated in the same transaction as their events:
    /// loading one for a decision reads one row, and the account documents carry the per-tenant unique
    /// email index that settles two racing invitations of the same address.
    /// </summary>
    public static void ConfigureAggregates(this StoreOptions opts)
    {
        opts.Projections.Add<TenantProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AccountProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ApplicationProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<Application>().Duplicate(x => x.TenantId);
        // Duplicated columns: the loader's recursive chain query walks parent_id.
        opts.Schema.For<Account>()
            .Duplicate(x => x.TenantId)
            .UniqueIndex(UniqueIndexType.Computed, "ux_account_email_per_tenant", x => x.TenantId, x => x.Email!);
        opts.Schema.For<Tenant>().Duplicate(x => x.ParentId);

        // A command fetches its streams for writing; the inline projections then reuse those aggregates
        // instead of loading them again at commit.
        opts.Events.UseIdentityMapForAggregates = true;
        opts.Schema.For<ProcessedCommand>().Index(x => x.ProcessedAt);

        opts.Projections.Add<UserViewProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<UserView>().Index(x => x.TenantId).Index(x => x.State);

        opts.Projections.Add<RecycleBinProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<SealedSecret>().Index(x => x.TenantId);
        opts.Schema.For<SecretPickup>().Duplicate(x => x.AccountId).Duplicate(x => x.ExpiresAt);
        opts.Schema.For<RecycleBinItem>().Index(x => x.TenantId);
    }
}
