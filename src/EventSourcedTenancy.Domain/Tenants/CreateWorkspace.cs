using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>Creates a workspace / managed group (docs/seeds.md, seeds 000, 002) inside a tenant.</summary>
[HttpCommand("POST", "/tenants/{tenantId}/workspaces", "Creates a workspace (managed group) inside the tenant.")]
public sealed record CreateWorkspace(Guid TenantId, string Name) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.NewId(), inputs.Now));
    }

    public const int MaxNameLength = 100;

    /// <param name="tenant">The tenant.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the tenant.</param>
    /// <param name="newWorkspaceId">The new workspace's id.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(Tenant tenant, CreateWorkspace command, ActorContext actor, Guid newWorkspaceId, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Name(command.Name, "Workspace name", MaxNameLength)
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.ManageWorkspaces, "create workspaces")
            ?? (tenant.Workspaces.Any(w => string.Equals(w.Name, command.Name, StringComparison.OrdinalIgnoreCase))
                ? Rejection.Conflict(RejectionCodes.AlreadyExists, $"'{tenant.Name}' already has a workspace named '{command.Name}'; choose another name.")
                : null);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForTenant(tenant.Id, new WorkspaceCreated(tenant.Id, newWorkspaceId, command.Name)));
    }
}
