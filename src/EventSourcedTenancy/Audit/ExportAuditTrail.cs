using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Rules;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Audit;

/// <summary>
/// Writes the audit trail as CSV or NDJSON while reading it, in keyset-paged chunks: memory stays flat
/// however many entries there are. Used by the export endpoint and the <c>audit-export</c> command.
/// </summary>
public static class AuditExport
{
    public const int ChunkSize = 2000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly (string Name, Func<AuditEntry, string?> Value)[] Columns =
    [
        ("sequence", x => x.Sequence.ToString(CultureInfo.InvariantCulture)),
        ("timestamp", x => AuditChain.Time(x.Timestamp)),
        ("tenantId", x => x.TenantId.ToString()),
        ("actorTenantId", x => x.ActorTenantId?.ToString()),
        ("actor", x => x.Actor?.ToString()),
        ("actingAs", x => x.ActingAs?.ToString()),
        ("role", x => x.Role),
        ("authority", x => x.Authority),
        ("operation", x => x.Operation),
        ("eventType", x => x.EventType),
        ("target", x => x.Target.ToString()),
        ("summary", x => x.Summary),
        ("reason", x => x.Reason),
        ("source", x => x.Source),
        ("sendingService", x => x.SendingService),
        ("correlationId", x => x.CorrelationId),
        ("causationId", x => x.CausationId),
        ("streamKind", x => x.StreamKind.ToString()),
        ("streamId", x => x.StreamId.ToString()),
        ("streamVersion", x => x.StreamVersion.ToString(CultureInfo.InvariantCulture)),
        ("eventId", x => x.EventId.ToString()),
        ("dataDigest", x => x.DataDigest),
        ("previousHash", x => x.PreviousHash),
        ("hash", x => x.Hash),
    ];

    /// <summary>Writes every matching entry in sequence order; reports the count so far every <paramref name="progressEvery"/> entries. Returns the count.</summary>
    public static async Task<long> WriteAsync(
        IDocumentStore store, AuditFilter filter, ExportFormat format, TextWriter writer, CancellationToken cancellation,
        Action<long>? progress = null, int progressEvery = 10_000)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(writer);
        if (format == ExportFormat.Csv)
        {
            await writer.WriteLineAsync(string.Join(',', Columns.Select(c => c.Name)));
        }

        await using var session = store.QuerySession();
        long after = 0;
        long count = 0;
        while (true)
        {
            var page = await filter.PageAsync(session, after, ChunkSize, cancellation);
            foreach (var entry in page)
            {
                await writer.WriteLineAsync(format == ExportFormat.Csv ? CsvRow(entry) : JsonSerializer.Serialize(entry, Json));
                count++;
                if (progress is not null && count % progressEvery == 0)
                {
                    progress(count);
                }
            }

            await writer.FlushAsync(cancellation);
            if (page.Count < ChunkSize)
            {
                return count;
            }

            after = page[^1].Sequence;
        }
    }

    /// <summary>One CSV record (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    public static string CsvRow(AuditEntry entry) => string.Join(',', Columns.Select(c => Exports.CsvField(c.Value(entry))));
}

public static class ExportAuditTrailEndpoint
{
    [WolverineGet("/tenants/{tenantId}/audit/export", OperationId = "ExportAuditTrail")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv", "application/x-ndjson")]
    [Tags("Audit")]
    [EndpointSummary("Streams the tenant's audit trail as CSV (header row) or NDJSON (format=csv|ndjson), with the same filters as the audit trail; written as it is read, whatever its size. Needs ExportAudit in the tenant.")]
    public static async Task<IResult> Get(
        Guid tenantId, string? format, Guid? actor, Guid? actingAs, Guid? target, string? operation, DateTimeOffset? from, DateTimeOffset? to,
        HttpContext http, IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(http);
        var filter = new AuditFilter(tenantId, actor, actingAs, target, operation, from, to);
        var parsed = Exports.TryParseFormat(format ?? "ndjson", out var chosen);
        var invalid = AuditFilter.Unparsed(http, ("actor", actor), ("actingAs", actingAs), ("target", target), ("from", from), ("to", to))
            ?? (parsed ? filter.Problem() : Rejection.Invalid(RejectionCodes.InvalidFormat, "'format' is csv or ndjson."));
        var refusal = invalid ?? await ReadAccess.RefusalAsync(store, http, tenantId, Capability.ExportAudit);
        return refusal is not null
            ? CommandOutcome.Reject(refusal).ToHttp()
            : new StreamedExport(store, filter, chosen);
    }

    private sealed class StreamedExport(IDocumentStore store, AuditFilter filter, ExportFormat format) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = Exports.ContentType(format);
            response.Headers.ContentDisposition = $"attachment; filename=\"audit-{filter.TenantId}.{Exports.Extension(format)}\"";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
            await AuditExport.WriteAsync(store, filter, format, writer, httpContext.RequestAborted);
        }
    }
}
