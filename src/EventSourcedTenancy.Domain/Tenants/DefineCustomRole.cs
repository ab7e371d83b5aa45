using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 003 (docs/seeds.md): a tenant's own role, a named mix of capabilities the definer holds.
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/roles", "Defines a custom role: a named set of capabilities the definer holds.")]
public sealed record DefineCustomRole(Guid TenantId, string Name, IReadOnlyList<Capability> Capabilities) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.NewId(), inputs.Now));
    }

    /// <param name="tenant">The tenant.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the tenant.</param>
    /// <param name="newRoleId">The new role's id.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(Tenant tenant, DefineCustomRole command, ActorContext actor, Guid newRoleId, DateTimeOffset now)
    {
        var capabilities = command.Capabilities ?? [];
        var rejection =
            InputValidation.Name(command.Name, "Role name", CustomRoleDefinition.MaxNameLength)
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.DefineCustomRoles, "define custom roles")
            ?? CustomRoleDefinition.Check(command.Name, capabilities)
            ?? NoEscalation.CheckCapabilities(actor, null, capabilities, $"a role named '{command.Name}'")
            ?? CustomRoleDefinition.NameIsFree(tenant, command.Name);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForTenant(
            tenant.Id, new CustomRoleDefined(tenant.Id, newRoleId, command.Name, [.. capabilities.Distinct().Order()])));
    }
}
