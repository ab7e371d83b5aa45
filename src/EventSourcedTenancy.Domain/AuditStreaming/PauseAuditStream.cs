using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.AuditStreaming;

/// <summary>Seed 003 "Configure audit streaming": Pauses an audit stream: nothing is sent until it is resumed, then it goes on from where it stopped.</summary>
[HttpCommand("POST", "/tenants/{tenantId}/audit-streams/{auditStreamId}/pause", "Pauses an audit stream: nothing is sent until it is resumed, then it goes on from where it stopped.")]
public sealed record PauseAuditStream(Guid TenantId, Guid AuditStreamId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, PauseAuditStream command, ActorContext actor)
    {
        var rejection =
            Authority.ChangeIn(tenant, actor, Capability.ConfigureAuditStreaming, "configure audit streaming")
            ?? (tenant.FindAuditStream(command.AuditStreamId) is null
                ? Rejection.NotFound(RejectionCodes.AuditStreamNotFound, $"The tenant has no audit stream {command.AuditStreamId}; list them with GET /tenants/{{tenantId}}/audit-streams.")
                : null);
        if (rejection is not null)
        {
            return rejection;
        }

        var stream = tenant.FindAuditStream(command.AuditStreamId)!;
        return stream.Paused ? Decision.Accept() : Decision.Accept(PendingEvent.ForTenant(tenant.Id, new AuditStreamPaused(tenant.Id, stream.Id)));
    }
}
