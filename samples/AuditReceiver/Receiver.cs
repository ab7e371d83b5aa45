using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuditReceiver;

/// <summary>
/// Receives the batches of one audit stream. A batch is taken only with a valid signature (HMAC-SHA256 of
/// "{X-Audit-Timestamp}.{body}" under the stream's signing secret, as "sha256=&lt;hex&gt;" in X-Audit-Signature)
/// and a timestamp within <paramref name="tolerance"/> of now; anything else is answered 401 and kept nowhere.
/// Entries arrive in sequence order, at least once: an entry whose sequence is not above the last one kept is a
/// repeat and is dropped, so each entry is kept exactly once.
/// </summary>
public sealed class Receiver(string secret, TimeSpan tolerance)
{
    private readonly Lock gate = new();
    private readonly List<JsonElement> entries = [];
    private long lastSequence;

    /// <summary>The entries kept, in the order they arrived.</summary>
    public IReadOnlyList<JsonElement> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    public int Repeats { get; private set; }

    /// <summary>What was kept so far: how many entries, the last sequence, the repeats dropped, and every sequence in order.</summary>
    public object Summary()
    {
        lock (gate)
        {
            return new { count = entries.Count, lastSequence, repeats = Repeats, sequences = entries.Select(e => e.GetProperty("sequence").GetInt64()).ToArray() };
        }
    }

    public async Task<IResult> HandleAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (!long.TryParse(request.Headers["X-Audit-Timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds
            || !SignatureMatches(timestamp, body, request.Headers["X-Audit-Signature"].ToString()))
        {
            return Results.Unauthorized();
        }

        using var batch = JsonDocument.Parse(body);
        lock (gate)
        {
            foreach (var entry in batch.RootElement.GetProperty("entries").EnumerateArray())
            {
                var sequence = entry.GetProperty("sequence").GetInt64();
                if (sequence <= lastSequence)
                {
                    Repeats++;
                    continue;
                }

                entries.Add(entry.Clone());
                lastSequence = sequence;
            }
        }

        return Results.NoContent();
    }

    private bool SignatureMatches(long timestamp, string body, string signature)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(mac));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
