using System.Diagnostics;
using System.Text;
using EventSourcedTenancy.Hosting;
using JasperFx.CommandLine;
using Marten;

namespace EventSourcedTenancy.Audit;

public sealed class AuditExportInput : NetCoreInput
{
    [Description("The tenant whose audit trail to export (its id)")]
    [FlagAlias("tenant")]
    public string TenantFlag { get; set; } = string.Empty;

    [Description("ndjson (default) or csv")]
    [FlagAlias("format")]
    public string FormatFlag { get; set; } = "ndjson";

    [Description("Write to this file instead of standard output")]
    [FlagAlias("out")]
    public string? OutFlag { get; set; }
}

[Description("Exports a tenant's audit trail as NDJSON or CSV, streamed; progress on standard error every 10,000 entries", Name = "audit-export")]
public sealed class AuditExportCommand : JasperFxAsyncCommand<AuditExportInput>
{
    public AuditExportCommand()
    {
        Usage("Export a tenant's audit trail");
    }

    public override async Task<bool> Execute(AuditExportInput input)
    {
        if (!Guid.TryParse(input.TenantFlag, out var tenantId))
        {
            await Console.Error.WriteLineAsync($"'{input.TenantFlag}' is not a tenant id: pass --tenant <id> (a GUID).");
            return false;
        }

        if (!Exports.TryParseFormat(input.FormatFlag, out var format))
        {
            await Console.Error.WriteLineAsync($"'{input.FormatFlag}' is not a format: pass --format ndjson or --format csv.");
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var clock = Stopwatch.StartNew();
        await using var writer = input.OutFlag is { } path
            ? new StreamWriter(path, append: false, new UTF8Encoding(false))
            : new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        var count = await AuditExport.WriteAsync(store, new AuditFilter(tenantId), format, writer, CancellationToken.None,
            written => Console.Error.WriteLine($"{written:N0} entries written ({clock.Elapsed.TotalSeconds:N1} s)"));
        await Console.Error.WriteLineAsync($"Exported {count:N0} entries of tenant {tenantId} in {clock.Elapsed.TotalSeconds:N1} s{(input.OutFlag is { } file ? $" to {file}" : string.Empty)}.");
        return true;
    }
}

public sealed class AuditVerifyInput : NetCoreInput;

[Description("Verifies the audit trail's hash chain against the stored events; exits non-zero when a link is broken", Name = "audit-verify")]
public sealed class AuditVerifyCommand : JasperFxAsyncCommand<AuditVerifyInput>
{
    public AuditVerifyCommand()
    {
        Usage("Verify the audit trail");
    }

    public override async Task<bool> Execute(AuditVerifyInput input)
    {
        using var host = input.BuildHost();
        var result = await AuditVerifier.VerifyAsync(host.Services.GetRequiredService<IDocumentStore>(), CancellationToken.None);
        if (result.Verified)
        {
            CommandLineOutput.Data.WriteLine($"Verified: {result.Entries:N0} entries, head {result.Head}");
            return true;
        }

        CommandLineOutput.Data.WriteLine($"Broken at sequence {result.FirstBrokenSequence} (after {result.Entries:N0} good entries): {result.Reason}");
        return false;
    }
}
