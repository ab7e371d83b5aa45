using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Integration.V1;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>
/// The package other services take the bus contract from (the build's Pack step) holds the very assembly the
/// service and these tests run on: the same commands, reply, integration events, headers and codes.
/// </summary>
public sealed class the_contract_package
{
    private static readonly string PackagePath = Path.Combine(
        Repository.Root(), "artifacts", "packages", $"EventSourcedTenancy.Contracts.{IntegrationContract.SchemaVersion}.0.0.nupkg");

    [Fact]
    public void ships_the_assembly_the_service_runs_on_with_an_id_a_version_and_a_licence()
    {
        File.Exists(PackagePath).ShouldBeTrue($"{PackagePath} is missing: `dotnet cake --target=Build` packs it");
        using var package = ZipFile.OpenRead(PackagePath);

        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using (var stream = nuspec.Open())
        {
            var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Value("id").ShouldBe("EventSourcedTenancy.Contracts");
            Value("version").ShouldBe($"{IntegrationContract.SchemaVersion}.0.0");
            Value("license").ShouldBe("MIT");
            Value("description").ShouldNotBeNullOrWhiteSpace();
            metadata.Descendants().Where(e => e.Name.LocalName == "dependency").ShouldBeEmpty("the contract depends on nothing");
        }

        var assembly = typeof(CommandOutcome).Assembly;
        var entry = package.GetEntry($"lib/net10.0/{Path.GetFileName(assembly.Location)}").ShouldNotBeNull();
        using var packed = entry.Open();
        using var copy = new MemoryStream();
        packed.CopyTo(copy);
        Convert.ToHexString(SHA256.HashData(copy.ToArray())).ShouldBe(
            Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(assembly.Location))),
            "the package holds another build of the contract than the one under test: build again");
    }
}
