using EventSourcedTenancy.Rules;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourcedTenancy.Users;

/// <summary>
/// Seed 003 "Bulk import / export users", the export: a tenant's accounts as CSV or NDJSON, written while they are
/// read (one streamed query), so memory stays flat however many there are.
/// </summary>
public static class ExportUsersEndpoint
{
    private static readonly JsonSerializerOptions Json = CommandJson.Options;

    private static readonly (string Name, Func<UserView, string?> Value)[] Columns =
    [
        ("id", u => u.Id.ToString()),
        ("email", u => u.Email),
        ("firstName", u => u.FirstName),
        ("lastName", u => u.LastName),
        ("kind", u => u.Kind.ToString()),
        ("role", u => u.Role),
        ("state", u => u.State.ToString()),
        ("createdAt", u => u.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ("lastActivityAt", u => u.LastActivityAt.ToString("O", CultureInfo.InvariantCulture)),
        ("version", u => u.Version.ToString(CultureInfo.InvariantCulture)),
    ];

    [WolverineGet("/tenants/{tenantId}/users/export", OperationId = "ExportUsers")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv", "application/x-ndjson")]
    [Tags("Users")]
    [EndpointSummary("Streams the tenant's accounts as CSV (header row) or NDJSON (format=csv|ndjson, default csv), ordered by email; without state, Deleted and Erased accounts are left out. Needs Bulk import / export users in the tenant.")]
    public static async Task<IResult> Get(Guid tenantId, string? format, AccountState? state, HttpContext http, IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(http);
        var refusal = (Exports.TryParseFormat(format ?? "csv", out var chosen) ? null : Rejection.Invalid(RejectionCodes.InvalidFormat, "'format' is csv or ndjson."))
            ?? await ReadAccess.RefusalAsync(store, http, tenantId, Capability.BulkImportExportUsers);
        return refusal is not null ? CommandOutcome.Reject(refusal).ToHttp() : new StreamedUsers(store, tenantId, state, chosen);
    }

    /// <summary>Writes the rows; returns how many.</summary>
    public static async Task<long> WriteAsync(IDocumentStore store, Guid tenantId, AccountState? state, ExportFormat format, TextWriter writer, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        if (format == ExportFormat.Csv)
        {
            await writer.WriteLineAsync(string.Join(',', Columns.Select(c => c.Name)));
        }

        await using var session = store.QuerySession();
        IQueryable<UserView> query = session.Query<UserView>().Where(u => u.TenantId == tenantId);
        query = state is { } wanted
            ? query.Where(u => u.State == wanted)
            : query.Where(u => u.State != AccountState.Deleted && u.State != AccountState.Erased);
        long count = 0;
        await foreach (var user in query.OrderBy(u => u.Email).ThenBy(u => u.Id).ToAsyncEnumerable(cancellation))
        {
            await writer.WriteLineAsync(format == ExportFormat.Csv
                ? string.Join(',', Columns.Select(c => Exports.CsvField(c.Value(user))))
                : JsonSerializer.Serialize(UserListItem.From(user), Json));
            if (++count % 1000 == 0)
            {
                await writer.FlushAsync(cancellation);
            }
        }

        await writer.FlushAsync(cancellation);
        return count;
    }

    private sealed class StreamedUsers(IDocumentStore store, Guid tenantId, AccountState? state, ExportFormat format) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = Exports.ContentType(format);
            response.Headers.ContentDisposition = $"attachment; filename=\"users-{tenantId}.{Exports.Extension(format)}\"";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
            await WriteAsync(store, tenantId, state, format, writer, httpContext.RequestAborted);
        }
    }
}
