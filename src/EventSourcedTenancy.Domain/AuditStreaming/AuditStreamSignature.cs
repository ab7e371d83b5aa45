using System.Security.Cryptography;
using System.Text;

namespace EventSourcedTenancy.AuditStreaming;

/// <summary>
/// How a batch of an audit stream is signed: HMAC-SHA256 under the stream's signing secret over
/// "{timestamp}.{body}", sent as <see cref="SignatureHeader"/> "sha256=&lt;hex&gt;" with the Unix time in
/// <see cref="TimestampHeader"/>. A receiver recomputes it, compares in constant time, and refuses old timestamps.
/// </summary>
public static class AuditStreamSignature
{
    public const string SignatureHeader = "X-Audit-Signature";
    public const string TimestampHeader = "X-Audit-Timestamp";

    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    public static bool Verify(string secret, long timestamp, string body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
