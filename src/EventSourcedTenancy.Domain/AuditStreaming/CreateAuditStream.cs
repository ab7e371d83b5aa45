using EventSourcedTenancy.Applications;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.AuditStreaming;

/// <summary>
/// Seed 003 "Configure audit streaming": starts sending the audit trail of the tenant and its subtree to a
/// webhook, from the first entry on. The signing secret is generated here, returned once in the reply (over the
/// bus encrypted to <see cref="SecretRecipientKey"/>), and kept sealed to sign the batches (docs/audit-streaming.md).
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/audit-streams",
    "Streams the audit trail of the tenant and its subtree to an HTTPS webhook, in order, at least once, each batch signed with HMAC-SHA256; the signing secret is in the reply, once.")]
public sealed record CreateAuditStream(Guid TenantId, string Name, string Url, string? SecretRecipientKey) : ITenancyCommand
{
    public const int MaxStreamsPerTenant = 10;

    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.NewId(), inputs.NewSecret));
    }

    public static Decision Decide(Tenant tenant, CreateAuditStream command, ActorContext actor, Guid streamId, Func<string> newSecret)
    {
        ArgumentNullException.ThrowIfNull(newSecret);
        var rejection =
            InputValidation.Name(command.Name, "Stream name")
            ?? (InputValidation.IsSecureUrl(command.Url, 2000, loopbackHttp: true) ? null : Rejection.Invalid(RejectionCodes.InvalidAuditStream,
                "The webhook is an absolute https:// address without user info or fragment (http:// only for localhost), up to 2000 characters."))
            ?? ClientSecrets.CheckRecipientKey(command.SecretRecipientKey)
            ?? Authority.ChangeIn(tenant, actor, Capability.ConfigureAuditStreaming, "configure audit streaming")
            ?? (tenant.AuditStreams.Count >= MaxStreamsPerTenant
                ? Rejection.Conflict(RejectionCodes.AlreadyExists, $"A tenant has at most {MaxStreamsPerTenant} audit streams; delete one first.")
                : null)
            ?? (tenant.AuditStreams.Any(s => string.Equals(s.Name, command.Name, StringComparison.OrdinalIgnoreCase))
                ? Rejection.Conflict(RejectionCodes.AlreadyExists, $"The tenant already has an audit stream named '{command.Name}'; choose another name.")
                : null);
        if (rejection is not null)
        {
            return rejection;
        }

        var secret = newSecret();
        return Decision.Accept(PendingEvent.ForTenant(tenant.Id, new AuditStreamCreated(tenant.Id, streamId, command.Name, command.Url)))
            .WithIssuedSecret(secret, command.SecretRecipientKey)
            .WithSealedSecrets(new SealedSecretChange(streamId, tenant.Id, secret));
    }

}
