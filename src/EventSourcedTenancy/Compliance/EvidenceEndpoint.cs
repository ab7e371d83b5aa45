using System.IO.Compression;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Compliance;

/// <summary>The evidence bundle of the command line (<see cref="EvidenceBundle"/>) over HTTP, as one zip file.</summary>
public static class EvidenceEndpoint
{
    [WolverineGet("/tenants/{tenantId}/evidence", OperationId = "ExportEvidence")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, "application/zip")]
    [Tags("Compliance")]
    [EndpointSummary("The tenant's evidence bundle for ?from= (inclusive) to ?to= (exclusive), both optional: a zip of audit-entries.ndjson, chain-links.ndjson and manifest.json, the same bundle as `evidence-export`, verifiable offline with `evidence-verify --bundle <the zip>`. Needs ExportAudit in the tenant.")]
    public static async Task<IResult> Get(Guid tenantId, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        var invalid = AuditFilter.Unparsed(http, ("from", from), ("to", to)) ?? new AuditFilter(tenantId, From: from, To: to).Problem();
        var refusal = invalid ?? await ReadAccess.RefusalAsync(store, http, tenantId, Capability.ExportAudit);
        if (refusal is not null)
        {
            return CommandOutcome.Reject(refusal).ToHttp();
        }

        // Written to a folder of its own first: the chain links are read after the entries, by their sequences.
        var folder = Directory.CreateTempSubdirectory("evidence-");
        try
        {
            await EvidenceBundle.ExportAsync(store, tenantId, from, to, folder.FullName, clock.GetUtcNow(), null, http.RequestAborted);
            // A file, not memory: a tenant's trail can be large. It is gone once the response has been sent.
            var zip = new FileStream(Path.Combine(Path.GetTempPath(), $"evidence-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            await ZipFile.CreateFromDirectoryAsync(folder.FullName, zip, CompressionLevel.Optimal, includeBaseDirectory: false, http.RequestAborted);
            zip.Position = 0;
            return Results.File(zip, "application/zip", $"evidence-{tenantId}.zip");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
