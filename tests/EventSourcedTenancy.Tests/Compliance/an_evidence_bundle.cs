using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten.Events;

namespace EventSourcedTenancy.Tests.Compliance;

/// <summary>A tenant's evidence for a time range, checked offline: intact, it verifies; any change is named.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class an_evidence_bundle(ServiceFixture fixture) : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"evidence-{Guid.NewGuid():N}");

    private async Task<EvidenceManifest> ExportAsync()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/deactivate");
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/reactivate");
        await fixture.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return await EvidenceBundle.ExportAsync(fixture.Store, world.Customer, null, null, directory, DateTimeOffset.UtcNow, null, CancellationToken.None);
    }

    [Fact]
    public async Task verifies_offline_when_intact()
    {
        var manifest = await ExportAsync();

        manifest.Entries.ShouldBeGreaterThan(10);
        manifest.Links.ShouldBeGreaterThanOrEqualTo(manifest.Entries);
        var result = EvidenceBundle.Verify(directory);
        result.Verified.ShouldBeTrue(result.Problem);
        result.Entries.ShouldBe(manifest.Entries);
    }

    [Fact]
    public async Task an_edited_entry_is_named_even_when_the_file_hash_is_fixed_up()
    {
        await ExportAsync();
        var path = Path.Combine(directory, EvidenceBundle.EntriesFile);
        var lines = await File.ReadAllLinesAsync(path);
        lines[3] = lines[3].Replace("\"Owner\"", "\"Viewer\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(path, lines);

        EvidenceBundle.Verify(directory).Problem.ShouldNotBeNull().ShouldContain("differs from the manifest");

        // Someone who also rewrites the manifest's file hash is still caught by the entry's own hash.
        var manifestPath = Path.Combine(directory, EvidenceBundle.ManifestFile);
        var manifest = await File.ReadAllTextAsync(manifestPath);
        var oldHash = System.Text.RegularExpressions.Regex.Match(manifest, "\"audit-entries.ndjson\": \"([0-9a-f]+)\"").Groups[1].Value;
        using (var stream = File.OpenRead(path))
        {
            var newHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
            await File.WriteAllTextAsync(manifestPath, manifest.Replace(oldHash, newHash, StringComparison.Ordinal));
        }

        var result = EvidenceBundle.Verify(directory);
        result.Verified.ShouldBeFalse();
        result.Problem.ShouldNotBeNull().ShouldContain("does not match its own hash");
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
