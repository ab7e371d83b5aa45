using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace EventSourcedTenancy.Audit;

/// <summary>
/// Tamper evidence: every entry's <see cref="AuditEntry.Hash"/> is SHA-256 over the canonical form of its
/// content and the previous entry's hash. The canonical form is JSON with properties sorted by name, no
/// whitespace, times in UTC with seven fractional digits, so the same entry always hashes the same.
/// </summary>
public static class AuditChain
{
    /// <summary>What the first entry chains to.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Fields of event data that erasure (GDPR) may mask in stored events; left out of
    /// <see cref="AuditEntry.DataDigest"/> so that lawful erasure does not read as tampering.
    /// </summary>
    public static readonly IReadOnlySet<string> PersonalFields = new HashSet<string>(StringComparer.Ordinal) { "Email", "FirstName", "LastName", "InvoiceEmail" };

    private static readonly JsonSerializer DataSerializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        Converters = { new StringEnumConverter() },
        DateParseHandling = DateParseHandling.None,
    });

    /// <summary>The entry with <paramref name="previousHash"/> as its link and its own hash computed.</summary>
    public static AuditEntry Link(AuditEntry entry, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var linked = entry with { PreviousHash = previousHash, Hash = string.Empty };
        return linked with { Hash = HashOf(linked) };
    }

    /// <summary>The hash the entry should carry: over its content (everything but the hash itself) and its link.</summary>
    public static string HashOf(AuditEntry entry) => Sha256(Canonical(Content(entry)));

    /// <summary>The entry's content as JSON: every field but <see cref="AuditEntry.Hash"/>.</summary>
    public static JObject Content(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new JObject
        {
            ["sequence"] = entry.Sequence,
            ["eventId"] = entry.EventId.ToString("D"),
            ["streamId"] = entry.StreamId.ToString("D"),
            ["streamKind"] = entry.StreamKind.ToString(),
            ["streamVersion"] = entry.StreamVersion,
            ["eventType"] = entry.EventType,
            ["timestamp"] = Time(entry.Timestamp),
            ["tenantId"] = entry.TenantId.ToString("D"),
            ["actorTenantId"] = entry.ActorTenantId?.ToString("D"),
            ["actor"] = entry.Actor?.ToString("D"),
            ["actingAs"] = entry.ActingAs?.ToString("D"),
            ["role"] = entry.Role,
            ["authority"] = entry.Authority,
            ["source"] = entry.Source,
            ["sendingService"] = entry.SendingService,
            ["reason"] = entry.Reason,
            ["correlationId"] = entry.CorrelationId,
            ["causationId"] = entry.CausationId,
            ["target"] = entry.Target.ToString("D"),
            ["operation"] = entry.Operation,
            ["summary"] = entry.Summary,
            ["dataDigest"] = entry.DataDigest,
            ["previousHash"] = entry.PreviousHash,
        };
    }

    /// <summary>The names of the content fields in which two entries differ (empty when they agree).</summary>
    public static IReadOnlyList<string> Differences(AuditEntry expected, AuditEntry actual)
    {
        var left = Content(expected);
        var right = Content(actual);
        return [.. left.Properties().Where(p => !JToken.DeepEquals(p.Value, right[p.Name])).Select(p => p.Name)];
    }

    /// <summary>SHA-256 of the event data's canonical JSON, personal fields left out.</summary>
    public static string DataDigest(object data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var token = JToken.FromObject(data, DataSerializer);
        RemovePersonalFields(token);
        return Sha256(Canonical(token));
    }

    /// <summary>Canonical JSON: properties sorted by ordinal name at every level, no whitespace.</summary>
    public static string Canonical(JToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Sorted(token).ToString(Formatting.None);
    }

    public static string Time(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static JToken Sorted(JToken token) => token switch
    {
        JObject o => new JObject(o.Properties()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new JProperty(p.Name, Sorted(p.Value)))),
        JArray a => new JArray(a.Select(Sorted)),
        _ => token.DeepClone(),
    };

    private static void RemovePersonalFields(JToken token)
    {
        switch (token)
        {
            case JObject o:
                foreach (var property in o.Properties().ToList())
                {
                    if (PersonalFields.Contains(property.Name))
                    {
                        property.Remove();
                    }
                    else
                    {
                        RemovePersonalFields(property.Value);
                    }
                }

                break;
            case JArray a:
                foreach (var item in a)
                {
                    RemovePersonalFields(item);
                }

                break;
        }
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
