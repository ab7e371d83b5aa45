using System.Reflection;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Applications;
using EventSourcedTenancy.AuditStreaming;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

/// <summary>The event store folds exactly the types each aggregate lists; a new event left off the list would be silently ignored.</summary>
public sealed class the_event_catalogs
{
    private static IEnumerable<Type> EventsDeclaredIn(string ns, string firstParameter) =>
        typeof(Tenant).Assembly.GetTypes().Where(t =>
            t.Namespace == ns && t.IsPublic && t.IsSealed
            && t.GetMethod("Decide", BindingFlags.Public | BindingFlags.Static) is null
            && t.GetConstructors().SingleOrDefault()?.GetParameters().FirstOrDefault()?.Name == firstParameter);

    [Fact]
    public void list_every_tenant_event()
    {
        // A tenant's federation connections and audit streams live in its stream.
        var declared = EventsDeclaredIn(typeof(Tenant).Namespace!, "TenantId").Concat(EventsDeclaredIn(typeof(FederationConnection).Namespace!, "TenantId"))
            .Concat(EventsDeclaredIn(typeof(AuditStream).Namespace!, "TenantId")).ToList();
        declared.ShouldNotBeEmpty();
        Tenant.EventTypes.ShouldBe(declared, ignoreOrder: true);
    }

    [Fact]
    public void list_every_application_event()
    {
        var declared = EventsDeclaredIn(typeof(Application).Namespace!, "ApplicationId").ToList();
        declared.ShouldNotBeEmpty();
        Application.EventTypes.ShouldBe(declared, ignoreOrder: true);
    }

    [Fact]
    public void list_every_account_event()
    {
        var declared = EventsDeclaredIn(typeof(Account).Namespace!, "AccountId").ToList();
        declared.ShouldNotBeEmpty();
        Account.EventTypes.ShouldBe(declared, ignoreOrder: true);
    }

    [Fact]
    public void do_not_overlap()
    {
        Tenant.EventTypes.Intersect(Account.EventTypes).ShouldBeEmpty();
        Tenant.EventTypes.Intersect(Application.EventTypes).ShouldBeEmpty();
        Account.EventTypes.Intersect(Application.EventTypes).ShouldBeEmpty();
    }
}
