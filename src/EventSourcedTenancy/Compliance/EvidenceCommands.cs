using EventSourcedTenancy.Hosting;
using JasperFx.CommandLine;
using Marten;

namespace EventSourcedTenancy.Compliance;

public sealed class EvidenceExportInput : NetCoreInput
{
    [Description("The tenant (its id)")]
    [FlagAlias("tenant")]
    public string TenantFlag { get; set; } = string.Empty;

    [Description("From this moment (ISO 8601, inclusive)")]
    [FlagAlias("from")]
    public string? FromFlag { get; set; }

    [Description("Until this moment (ISO 8601, exclusive)")]
    [FlagAlias("to")]
    public string? ToFlag { get; set; }

    [Description("The folder to write the bundle to")]
    [FlagAlias("out")]
    public string OutFlag { get; set; } = "evidence";
}

[Description("Writes an evidence bundle for a tenant and a time range: audit entries, chain links and a manifest", Name = "evidence-export")]
public sealed class EvidenceExportCommand : JasperFxAsyncCommand<EvidenceExportInput>
{
    public override async Task<bool> Execute(EvidenceExportInput input)
    {
        if (!Guid.TryParse(input.TenantFlag, out var tenantId))
        {
            await Console.Error.WriteLineAsync($"'{input.TenantFlag}' is not a tenant id: pass --tenant <id> (a GUID).");
            return false;
        }

        if (!TryMoment(input.FromFlag, out var from) || !TryMoment(input.ToFlag, out var to))
        {
            await Console.Error.WriteLineAsync("--from and --to take ISO 8601 moments, for example 2026-03-03T00:00:00Z.");
            return false;
        }

        using var host = input.BuildHost();
        var manifest = await EvidenceBundle.ExportAsync(
            host.Services.GetRequiredService<IDocumentStore>(), tenantId, from, to, input.OutFlag, DateTimeOffset.UtcNow,
            message => Console.Error.WriteLine(message), CancellationToken.None);
        Console.WriteLine($"Wrote {manifest.Entries:N0} entries and {manifest.Links:N0} chain links to {Path.GetFullPath(input.OutFlag)}; chain head at export: {manifest.ChainHeadAtExport}.");
        if (manifest.Entries == 0)
        {
            // An empty bundle verifies, and proves nothing: say so, and fail, rather than hand it over as evidence.
            await Console.Error.WriteLineAsync(
                $"The tenant {tenantId} has no audit entries {(from is null && to is null ? "at all" : "in that range")}: the bundle is empty and proves nothing. " +
                "Check the tenant id and the range (--from inclusive, --to exclusive, ISO 8601); GET /tenants/{id}/audit shows what there is.");
            return false;
        }

        return true;
    }

    private static bool TryMoment(string? text, out DateTimeOffset? moment)
    {
        moment = null;
        if (text is null)
        {
            return true;
        }

        var parsed = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value);
        moment = parsed ? value : null;
        return parsed;
    }
}

public sealed class EvidenceVerifyInput : NetCoreInput
{
    [Description("The bundle: its folder, or the zip file GET /tenants/{id}/evidence sends")]
    [FlagAlias("bundle")]
    public string BundleFlag { get; set; } = "evidence";
}

[Description("Verifies an evidence bundle offline (no database): file hashes, entry hashes and chain continuity", Name = "evidence-verify")]
public sealed class EvidenceVerifyCommand : JasperFxCommand<EvidenceVerifyInput>
{
    public override bool Execute(EvidenceVerifyInput input)
    {
        var result = EvidenceBundle.Verify(input.BundleFlag);
        CommandLineOutput.Data.WriteLine(result.Verified
            ? $"Verified: {result.Entries:N0} entries, every hash and link intact."
            : $"NOT verified: {result.Problem}");
        return result.Verified;
    }
}
