using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Identity;
using Marten;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// Reads made while acting as the superuser leave a record: a successful GET with X-Act-As (which the read
/// honoured only inside an open impersonation session) appends <see cref="ReadWhileImpersonating"/> to the
/// reader's own account stream, with the audit envelope of the request.
/// </summary>
public static class ImpersonatedReads
{
    public const int MaxRequestLength = 300;

    /// <summary>
    /// Registers the record for a GET with X-Act-As; it is written when the answer starts, before any of it
    /// reaches the caller, so a read that cannot be recorded is not served.
    /// </summary>
    public static Task RecordAsync(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (HttpMethods.IsGet(http.Request.Method)
            && HeaderRules.ParseId(http.Request.Headers[HeaderRules.ActAsHeader].ToString()) is { } actingAs)
        {
            http.Response.OnStarting(() => WriteAsync(http, actingAs));
        }

        return next();
    }

    private static async Task WriteAsync(HttpContext http, Guid actingAs)
    {
        if (http.Response.StatusCode is < 200 or > 299 || ActorClaims.AccountId(http.User) is not { } reader)
        {
            return;
        }

        var request = $"GET {http.Request.Path}{http.Request.QueryString}";
        var store = http.RequestServices.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        AuditEnvelope.Apply(session, CommandMetadata.FromHttp(http), null, nameof(ReadWhileImpersonating));
        session.SetHeader(AuditEnvelope.Actor, reader.ToString());
        session.SetHeader(AuditEnvelope.ActingAs, actingAs.ToString());
        session.Events.Append(reader, new ReadWhileImpersonating(reader, actingAs, request.Length > MaxRequestLength ? request[..MaxRequestLength] : request));
        await session.SaveChangesAsync(http.RequestAborted);
    }
}
