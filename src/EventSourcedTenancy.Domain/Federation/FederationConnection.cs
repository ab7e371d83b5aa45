namespace EventSourcedTenancy.Federation;

public enum FederationProtocol
{
    OpenIdConnect,
    Saml,
}

/// <summary>
/// Where a federation connection signs users in. OpenID Connect: the issuer, the client id and the scopes (a
/// client secret, if any, is kept apart, sealed). SAML: the identity provider's metadata address and entity id.
/// Domains: the email domains whose users this connection signs in (home realm discovery).
/// </summary>
public sealed record FederationSettings(
    string? Issuer, string? ClientId, IReadOnlyList<string>? Scopes, string? MetadataUrl, string? EntityId, IReadOnlyList<string>? Domains);

/// <summary>A federation connection of a tenant, as its tenant keeps it: never its client secret, only whether it has one.</summary>
public sealed record FederationConnection(Guid Id, string Name, FederationProtocol Protocol, FederationSettings Settings, bool Enabled, bool HasClientSecret);

// ---- Events of the tenant stream. None holds a client secret: only whether one is set. ----

public sealed record FederationConnectionCreated(
    Guid TenantId, Guid ConnectionId, string Name, FederationProtocol Protocol, FederationSettings Settings, bool HasClientSecret);

/// <summary>Its name and settings changed; <paramref name="HasClientSecret"/> says whether it has a client secret now.</summary>
public sealed record FederationConnectionEdited(
    Guid TenantId, Guid ConnectionId, string Name, FederationSettings Settings, bool ClientSecretReplaced, bool HasClientSecret);

public sealed record FederationConnectionEnabled(Guid TenantId, Guid ConnectionId);

public sealed record FederationConnectionDisabled(Guid TenantId, Guid ConnectionId);

/// <summary>Deleted for good, with its sealed client secret.</summary>
public sealed record FederationConnectionDeleted(Guid TenantId, Guid ConnectionId, string? Reason);
