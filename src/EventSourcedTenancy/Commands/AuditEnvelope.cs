using EventSourcedTenancy.Authorization;
using Marten;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// The audit envelope (docs/product.md), written into Marten's event metadata: correlation and causation ids,
/// and the rest as headers of every event (the documents written alongside record the actor as last modifier).
/// </summary>
public static class AuditEnvelope
{
    public const string Actor = "actor";
    public const string ActingAs = "acting-as";
    public const string Role = "role";
    public const string Authority = "authority";
    public const string Tenant = "tenant";
    public const string Source = "source";
    public const string SendingService = "sending-service";
    public const string Reason = "reason";
    public const string Command = "command";

    public static void Apply(IDocumentSession session, CommandMetadata metadata, ActorContext? actor, string commandName)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(metadata);
        session.CorrelationId = metadata.CorrelationId;
        session.CausationId = metadata.CausationId;
        session.LastModifiedBy = (actor?.AccountId ?? metadata.ActorAccountId)?.ToString() ?? "system";
        session.SetHeader(Command, commandName);
        session.SetHeader(Source, metadata.Source.ToString());
        if (actor is not null)
        {
            session.SetHeader(Actor, actor.AccountId.ToString());
            session.SetHeader(Tenant, actor.TenantId.ToString());
            session.SetHeader(Authority, actor.Source.ToString());
            if (actor.EffectiveRole is { } role)
            {
                session.SetHeader(Role, role.ToString());
            }

            if (actor.ActingAsAccountId is { } actingAs)
            {
                session.SetHeader(ActingAs, actingAs.ToString());
            }
        }

        if (metadata.SendingService is { } service)
        {
            session.SetHeader(SendingService, service);
        }

        if (metadata.Reason is { } reason)
        {
            session.SetHeader(Reason, reason);
        }
    }
}
