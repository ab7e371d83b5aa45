using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Hosting;
using Marten;

namespace EventSourcedTenancy.Compliance;

/// <summary>One link of the global audit chain: enough to check continuity without the entries' content.</summary>
public sealed record ChainLink(long Sequence, string PreviousHash, string Hash);

/// <summary>What a bundle holds and how to check it.</summary>
public sealed record EvidenceManifest(
    Guid TenantId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    DateTimeOffset ExportedAt,
    long Entries,
    long Links,
    long? FirstSequence,
    long? LastSequence,
    string? ChainHeadAtExport,
    IReadOnlyDictionary<string, string> FileSha256);

/// <summary>The outcome of checking a bundle offline.</summary>
public sealed record EvidenceVerification(bool Verified, long Entries, string? Problem);

/// <summary>
/// Evidence for a tenant and a time range: the tenant's audit entries (NDJSON), the links of the global
/// hash chain from the first to the last of them (so continuity can be checked without other tenants'
/// content), and a manifest with counts, the chain head and each file's SHA-256. Verifiable offline.
/// </summary>
public static class EvidenceBundle
{
    public const string EntriesFile = "audit-entries.ndjson";
    public const string ChainFile = "chain-links.ndjson";
    public const string ManifestFile = "manifest.json";

    private static readonly JsonSerializerOptions Json = AuditExport.Json;

    public static async Task<EvidenceManifest> ExportAsync(
        IDocumentStore store, Guid tenantId, DateTimeOffset? from, DateTimeOffset? to, string directory, DateTimeOffset now, Action<string>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(directory);
        var filter = new AuditFilter(tenantId, From: from, To: to);
        long entries;
        long? first = null, last = null;
        await using (var writer = new StreamWriter(Path.Combine(directory, EntriesFile), false, new UTF8Encoding(false)))
        {
            entries = await AuditExport.WriteAsync(store, filter, ExportFormat.Ndjson, writer, cancellation, n => progress?.Invoke($"{n:N0} entries written"));
        }

        foreach (var line in File.ReadLines(Path.Combine(directory, EntriesFile)))
        {
            var sequence = JsonSerializer.Deserialize<AuditEntry>(line, Json)!.Sequence;
            first ??= sequence;
            last = sequence;
        }

        long links = 0;
        string? head;
        await using (var session = store.QuerySession())
        {
            await using (var writer = new StreamWriter(Path.Combine(directory, ChainFile), false, new UTF8Encoding(false)))
            {
                if (first is { } low && last is { } high)
                {
                    for (var after = low - 1; ;)
                    {
                        var page = await session.Query<AuditEntry>()
                            .Where(e => e.Sequence > after && e.Sequence <= high)
                            .OrderBy(e => e.Sequence)
                            .Take(5_000)
                            .Select(e => new ChainLink(e.Sequence, e.PreviousHash, e.Hash))
                            .ToListAsync(cancellation);
                        foreach (var link in page)
                        {
                            await writer.WriteLineAsync(JsonSerializer.Serialize(link, Json));
                            links++;
                        }

                        if (page.Count < 5_000)
                        {
                            break;
                        }

                        after = page[^1].Sequence;
                    }
                }
            }

            head = (await session.LoadAsync<AuditChainHead>(AuditChainHead.SingletonId, cancellation))?.LastHash;
        }

        var manifest = new EvidenceManifest(
            tenantId, from, to, now, entries, links, first, last, head,
            new Dictionary<string, string>
            {
                [EntriesFile] = Sha256Of(Path.Combine(directory, EntriesFile)),
                [ChainFile] = Sha256Of(Path.Combine(directory, ChainFile)),
            });
        await File.WriteAllTextAsync(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, new JsonSerializerOptions(Json) { WriteIndented = true }), cancellation);
        return manifest;
    }

    /// <summary>
    /// Checks a bundle with nothing but its files: each file's SHA-256 against the manifest, each entry's
    /// hash against its content, the chain links' continuity from the first entry to the last, and that
    /// every entry's hash is the chain's hash at its sequence.
    /// </summary>
    public static EvidenceVerification Verify(string directory)
    {
        if (File.Exists(directory) && directory.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            // The bundle as GET /tenants/{id}/evidence sends it: checked unpacked, the same way.
            var unpacked = Directory.CreateTempSubdirectory("evidence-");
            try
            {
                System.IO.Compression.ZipFile.ExtractToDirectory(directory, unpacked.FullName);
                return Verify(unpacked.FullName);
            }
            catch (InvalidDataException)
            {
                return new EvidenceVerification(false, 0, $"{directory} is not a zip file that can be read.");
            }
            finally
            {
                unpacked.Delete(recursive: true);
            }
        }

        var manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            return new EvidenceVerification(false, 0, $"No {ManifestFile} in {directory}.");
        }

        var manifest = JsonSerializer.Deserialize<EvidenceManifest>(File.ReadAllText(manifestPath), Json)!;
        foreach (var (file, expected) in manifest.FileSha256)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path) || Sha256Of(path) != expected)
            {
                return new EvidenceVerification(false, 0, $"{file} is missing or differs from the manifest's SHA-256.");
            }
        }

        var chain = new Dictionary<long, ChainLink>();
        ChainLink? previous = null;
        foreach (var line in File.ReadLines(Path.Combine(directory, ChainFile)))
        {
            var link = JsonSerializer.Deserialize<ChainLink>(line, Json)!;
            if (previous is not null && link.PreviousHash != previous.Hash)
            {
                return new EvidenceVerification(false, 0, $"The chain breaks at sequence {link.Sequence}: it does not link to sequence {previous.Sequence}.");
            }

            chain[link.Sequence] = link;
            previous = link;
        }

        long entries = 0;
        foreach (var line in File.ReadLines(Path.Combine(directory, EntriesFile)))
        {
            var entry = JsonSerializer.Deserialize<AuditEntry>(line, Json)!;
            entries++;
            if (AuditChain.HashOf(entry) != entry.Hash)
            {
                return new EvidenceVerification(false, entries, $"Entry {entry.Sequence} does not match its own hash: its content was changed.");
            }

            if (!chain.TryGetValue(entry.Sequence, out var link) || link.Hash != entry.Hash)
            {
                return new EvidenceVerification(false, entries, $"Entry {entry.Sequence} is not the entry the chain holds at its sequence.");
            }
        }

        return entries != manifest.Entries
            ? new EvidenceVerification(false, entries, $"The manifest counts {manifest.Entries} entries, the file holds {entries}.")
            : new EvidenceVerification(true, entries, null);
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
