using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.AuditStreaming;

/// <summary>Seed 003 "Configure audit streaming": Deletes an audit stream for good and destroys its signing secret.</summary>
[HttpCommand("POST", "/tenants/{tenantId}/audit-streams/{auditStreamId}/delete", "Deletes an audit stream for good and destroys its signing secret.", ReasonMember = nameof(Reason))]
public sealed record DeleteAuditStream(Guid TenantId, Guid AuditStreamId, string? Reason) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, DeleteAuditStream command, ActorContext actor)
    {
        var rejection =
            InputValidation.Reason(command.Reason)
            ?? Authority.ChangeIn(tenant, actor, Capability.ConfigureAuditStreaming, "configure audit streaming")
            ?? (tenant.FindAuditStream(command.AuditStreamId) is null
                ? Rejection.NotFound(RejectionCodes.AuditStreamNotFound, $"The tenant has no audit stream {command.AuditStreamId}; list them with GET /tenants/{{tenantId}}/audit-streams.")
                : null);
        if (rejection is not null)
        {
            return rejection;
        }

        var stream = tenant.FindAuditStream(command.AuditStreamId)!;
        return false ? Decision.Accept() : Decision.Accept(PendingEvent.ForTenant(tenant.Id, new AuditStreamDeleted(tenant.Id, stream.Id, command.Reason)))
            .WithSealedSecrets(new SealedSecretChange(stream.Id, tenant.Id, null));
    }
}
