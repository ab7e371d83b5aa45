namespace EventSourcedTenancy.AuditStreaming;

/// <summary>
/// An audit stream of a tenant (seed 003 "Configure audit streaming"): the audit trail of the tenant and every
/// tenant below it, sent as it is written to one HTTPS webhook, in sequence order, at least once, each batch signed
/// with HMAC-SHA256 under the stream's signing secret (shown once at creation, kept sealed).
/// </summary>
public sealed record AuditStream(Guid Id, string Name, string Url, bool Paused);

// ---- Events of the tenant stream. None holds the signing secret. ----

public sealed record AuditStreamCreated(Guid TenantId, Guid AuditStreamId, string Name, string Url);

public sealed record AuditStreamPaused(Guid TenantId, Guid AuditStreamId);

public sealed record AuditStreamResumed(Guid TenantId, Guid AuditStreamId);

/// <summary>Deleted for good, with its sealed signing secret.</summary>
public sealed record AuditStreamDeleted(Guid TenantId, Guid AuditStreamId, string? Reason);
