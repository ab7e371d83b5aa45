using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Tests.Audit;
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
    public async Task over_http_it_is_one_zip_that_verifies_offline_only_for_those_who_may_export_the_audit_and_never_empty()
    {
        var world = await Installation.CreateAsync(fixture);
        await world.SendAsync(world.CustomerOwner, HttpMethod.Post, $"/accounts/{world.Administrator}/deactivate");
        await fixture.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var result = await fixture.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {world.TokenFor(world.CustomerOwner)}");
            s.Get.Url($"/tenants/{world.Customer}/evidence");
            s.StatusCodeShouldBe(200);
        });
        var zip = directory + ".zip";
        await using (var file = File.Create(zip))
        {
            await result.Context.Response.Body.CopyToAsync(file);
        }

        var (viewer, viewerBody) = await fixture.GetAsync(world, world.Viewer, $"/tenants/{world.Customer}/evidence");
        var (outsider, outsiderBody) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Partner}/evidence");
        var (badRange, badRangeBody) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/evidence?from=yesterday");
        var (empty, emptyBody) = await fixture.GetAsync(world, world.CustomerOwner, $"/tenants/{world.Customer}/evidence?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z");

        result.Context.Response.ContentType.ShouldBe("application/zip");
        var verified = EvidenceBundle.Verify(zip);
        File.Delete(zip);
        verified.Verified.ShouldBeTrue(verified.Problem);
        verified.Entries.ShouldBeGreaterThan(10, "the customer's whole trail, its creation to the deactivation");
        viewer.ShouldBe(403, viewerBody);
        viewerBody.ShouldContain("ExportAudit");
        outsider.ShouldBe(404, outsiderBody);
        badRange.ShouldBe(400, badRangeBody);
        badRangeBody.ShouldContain("invalid_query");
        empty.ShouldBe(404, "an empty bundle proves nothing");
        emptyBody.ShouldContain("no_audit_entries");
    }

    [Fact]
    public async Task a_file_that_is_not_a_zip_is_not_verified_and_says_so()
    {
        var zip = directory + ".zip";
        await File.WriteAllTextAsync(zip, "not a zip");
        var result = EvidenceBundle.Verify(zip);
        File.Delete(zip);

        result.Verified.ShouldBeFalse();
        result.Problem.ShouldNotBeNull().ShouldContain("not a zip file");
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
