using System.IO.Compression;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
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
    [EndpointSummary("The tenant's evidence bundle for ?from= (inclusive) to ?to= (exclusive), both optional: a zip of audit-entries.ndjson, chain-links.ndjson and manifest.json, the same bundle as `evidence-export`, verifiable offline with `evidence-verify --bundle <the zip>`; a range without entries is refused (404 no_audit_entries). Needs ExportAudit in the tenant.")]
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

        // Written to a folder of its own first (readable by this user only): the chain links are read after the
        // entries, by their sequences. The zip is a file beside it, not memory (a tenant's trail can be large),
        // deleted once the response has been sent.
        var folder = Directory.CreateTempSubdirectory("evidence-");
        var bundle = Directory.CreateDirectory(Path.Combine(folder.FullName, "bundle"));
        FileStream? zip = null;
        try
        {
            var manifest = await EvidenceBundle.ExportAsync(store, tenantId, from, to, bundle.FullName, clock.GetUtcNow(), null, http.RequestAborted);
            if (manifest.Entries == 0)
            {
                // An empty bundle verifies and proves nothing: the command line refuses it too.
                return CommandOutcome.Reject(Rejection.NotFound(RejectionCodes.NoAuditEntries,
                    $"Tenant {tenantId} has no audit entries {(from is null && to is null ? "at all" : "in that range")}, so there is no evidence to bundle; check the range (from inclusive, to exclusive)."))
                    .ToHttp();
            }

            zip = new FileStream(Path.Combine(folder.FullName, "evidence.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            await ZipFile.CreateFromDirectoryAsync(bundle.FullName, zip, CompressionLevel.Optimal, includeBaseDirectory: false, http.RequestAborted);
            zip.Position = 0;
            var result = Results.File(zip, "application/zip", $"evidence-{tenantId}.zip");
            zip = null;
            return result;
        }
        finally
        {
            if (zip is not null)
            {
                await zip.DisposeAsync();
            }

            // On Linux the open zip lives on after its folder is removed, until the response has been sent; where an
            // open file cannot be removed, the zip removes itself when closed and only the empty folder stays.
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                bundle.Delete(recursive: true);
            }
        }
    }
}
