using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Rules;

/// <summary>What a federation connection may say (docs/federation.md).</summary>
public static class FederationRules
{
    public const int MaxClientSecretLength = 1024;
    public const int MaxValueLength = 2000;
    public const int MaxListItems = 20;

    public static Rejection? Settings(FederationProtocol protocol, FederationSettings? settings, string? clientSecret)
    {
        if (!Enum.IsDefined(protocol))
        {
            return Invalid($"The protocol is one of {string.Join(", ", Enum.GetNames<FederationProtocol>())}.");
        }

        if (settings is null)
        {
            return Invalid("Give the connection's settings.");
        }

        if (clientSecret is { } secret && (secret.Length == 0 || secret.Length > MaxClientSecretLength || secret.Any(char.IsWhiteSpace)))
        {
            return Invalid($"A client secret is 1 to {MaxClientSecretLength} characters without spaces.");
        }

        if (protocol == FederationProtocol.OpenIdConnect)
        {
            if (!IsHttps(settings.Issuer) || string.IsNullOrWhiteSpace(settings.ClientId) || settings.ClientId.Length > MaxValueLength)
            {
                return Invalid("An OpenID Connect connection needs its issuer (an https:// address) and a client id.");
            }

            if (settings.MetadataUrl is not null || settings.EntityId is not null)
            {
                return Invalid("An OpenID Connect connection has no SAML metadata URL or entity id; leave them out.");
            }
        }
        else
        {
            if (!IsHttps(settings.MetadataUrl) || string.IsNullOrWhiteSpace(settings.EntityId) || settings.EntityId.Length > MaxValueLength)
            {
                return Invalid("A SAML connection needs the identity provider's metadata URL (https://) and entity id.");
            }

            if (settings.Issuer is not null || settings.ClientId is not null || settings.Scopes is not null || clientSecret is not null)
            {
                return Invalid("A SAML connection has no issuer, client id, scopes or client secret; leave them out.");
            }
        }

        foreach (var (list, what) in new[] { (settings.Scopes, "scope"), (settings.Domains, "domain") })
        {
            if (list is null)
            {
                continue;
            }

            if (list.Count > MaxListItems || list.Distinct(StringComparer.OrdinalIgnoreCase).Count() != list.Count
                || list.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > 253 || v.Any(char.IsWhiteSpace)))
            {
                return Invalid($"List each {what} once, without spaces, at most {MaxListItems}.");
            }
        }

        return null;
    }

    /// <summary>The connection named must be one of the tenant's (checked after the caller's authority).</summary>
    public static Rejection? MustExist(Tenant tenant, Guid connectionId) =>
        tenant.FindFederationConnection(connectionId) is null
            ? Rejection.NotFound(RejectionCodes.FederationConnectionNotFound, $"The tenant has no federation connection {connectionId}; list them with GET /tenants/{{tenantId}}/federation-connections.")
            : null;

    public static Rejection? UniqueName(Tenant tenant, string name, Guid? except) =>
        tenant.FederationConnections.Any(c => c.Id != except && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ? Rejection.Conflict(RejectionCodes.AlreadyExists, $"The tenant already has a federation connection named '{name}'; choose another name.")
            : null;

    private static bool IsHttps(string? value) => InputValidation.IsSecureUrl(value, MaxValueLength, loopbackHttp: false);

    private static Rejection Invalid(string message) => Rejection.Invalid(RejectionCodes.InvalidFederationConnection, message);
}
