using System.Diagnostics;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// The edge every HTTP request passes before an endpoint runs (docs/input.md): the size of the target and
/// the body, the body's media type, and the metadata headers (<see cref="HeaderRules"/>). And the one shape
/// of every error answer: ProblemDetails with a stable <c>code</c>, a <c>detail</c> saying what to do, and
/// the trace id; whether an endpoint refused, no endpoint matched, authentication failed or something broke.
/// </summary>
public static class RequestEdge
{
    public const long MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The largest body a command's endpoint takes: a bulk command's own limit, otherwise <see cref="MaxRequestBodyBytes"/>.</summary>
    public static long BodyLimit(HttpCommandAttribute? http) => http is { MaxBodyBytes: > 0 } ? http.MaxBodyBytes : MaxRequestBodyBytes;

    /// <summary>The longest path and query accepted; Kestrel reads request lines up to <see cref="MaxRequestLineBytes"/>.</summary>
    public const int MaxTargetLength = 2048;

    public const int MaxRequestLineBytes = 64 * 1024;

    public static IServiceCollection AddRequestEdge(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => Complete(context.ProblemDetails, context.HttpContext));
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Events ??= new JwtBearerEvents();
            options.Events.OnChallenge = ChallengeAsync;
        });
        return services;
    }

    /// <summary>Fills in what a ProblemDetails lacks: the code and detail of its status, the trace id.</summary>
    private static void Complete(ProblemDetails problem, HttpContext http)
    {
        var status = problem.Status ?? http.Response.StatusCode;

        // A query value the endpoint could not parse (Wolverine names the parameter): said in the caller's terms.
        if (status == StatusCodes.Status400BadRequest && problem.Extensions.TryGetValue("parameter", out var parameter) && !problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = RejectionCodes.InvalidQuery;
            problem.Type = $"urn:eventsourcedtenancy:problem:{RejectionCodes.InvalidQuery}";
            problem.Detail = $"The query value '{Shown(parameter?.ToString())}' could not be read: ids are UUIDs, times ISO 8601 (for example " +
                "2026-01-31T00:00:00Z), numbers whole, flags true or false, and names one of those listed for it at /docs.";
        }

        if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = CodeOf(status);
        }

        problem.Detail ??= DetailOf(status, http);
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
    }

    private static string CodeOf(int status) => status switch
    {
        400 => RejectionCodes.InvalidBody,
        401 => RejectionCodes.Unauthenticated,
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        413 => "body_too_large",
        414 => "target_too_long",
        415 => "unsupported_media_type",
        431 => "headers_too_large",
        503 => "unavailable",
        >= 500 => "internal_error",
        _ => "request_refused",
    };

    private static string DetailOf(int status, HttpContext http)
    {
        var target = $"{http.Request.Method} {Shown(http.Request.Path.Value)}";
        return status switch
        {
            404 => $"There is nothing at {target}. Ids in paths are UUIDs; the endpoints are listed at /docs.",
            405 => $"{Shown(http.Request.Path.Value)} does not accept {http.Request.Method}; the methods of each endpoint are listed at /docs.",
            413 => $"The request body is larger than this endpoint takes ({MaxRequestBodyBytes / 1024} KiB for one command, more for a bulk import); send less in one request.",
            415 => "Send the body as JSON with Content-Type: application/json.",
            401 => "Send a valid bearer token in the Authorization header (Authorization: Bearer <token>).",
            403 => "You are not allowed to do this.",
            >= 500 => "Something went wrong on the server; it was logged with the trace id of this answer. Try again, and report the trace id if it persists.",
            _ => $"The request {target} was refused.",
        };
    }

    private static string Shown(string? text) => CommandJson.Sanitized(text is { Length: > 100 } ? text[..100] + "…" : text);

    /// <summary>RFC 6750: a request without a token learns the scheme; one with a bad token learns why.</summary>
    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var hasToken = context.Request.Headers.Authorization.Count > 0;
        var why = context.AuthenticateFailure switch
        {
            null when !hasToken => "No bearer token was sent; send Authorization: Bearer <token>.",
            null => "The Authorization header is not a bearer token; send Authorization: Bearer <token>.",
            Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "The bearer token has expired; get a new one.",
            Microsoft.IdentityModel.Tokens.SecurityTokenInvalidSignatureException or Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException =>
                "The bearer token's signature is not valid for this service; get a token issued for it.",
            Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException or Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException =>
                "The bearer token was issued for another audience or by another issuer; get a token issued for this service.",
            _ => "The bearer token is malformed or not valid; get a new one.",
        };
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = hasToken
            ? $"Bearer realm=\"eventsourcedtenancy\", error=\"invalid_token\", error_description=\"{why.Replace("\"", "'", StringComparison.Ordinal)}\""
            : "Bearer realm=\"eventsourcedtenancy\"";
        await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, RejectionCodes.Unauthenticated, "Not authenticated", why);
    }

    /// <summary>Refuses what no endpoint should see: an over-long target, an oversized or non-JSON body, malformed metadata headers.</summary>
    public static async Task Guard(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        var request = http.Request;
        var targetLength = (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        if (targetLength > MaxTargetLength)
        {
            await WriteAsync(http, StatusCodes.Status414UriTooLong, "target_too_long", "The request target is too long",
                $"The path and query are {targetLength} characters long; at most {MaxTargetLength} are accepted.");
            return;
        }

        // A bulk command's endpoint takes a larger body (HttpCommandAttribute.MaxBodyBytes); Kestrel enforces the same
        // limit on a body sent without a length.
        var limit = BodyLimit(http.GetEndpoint()?.Metadata.GetMetadata<HttpCommandAttribute>());
        if (request.ContentLength > limit)
        {
            await WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "body_too_large", "The request body is too large",
                limit == MaxRequestBodyBytes
                    ? $"Commands are small: send at most {MaxRequestBodyBytes / 1024} KiB. For many user accounts at once, use POST /tenants/{{tenantId}}/users/import."
                    : $"Send at most {limit / 1024} KiB in one request; split the batch into several.");
            return;
        }

        if (limit != MaxRequestBodyBytes && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.ContainsKey(HeaderNames.TransferEncoding));
        if (hasBody && !request.HasJsonContentType())
        {
            await WriteAsync(http, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "The body's media type is not supported",
                $"The body is sent as '{Shown(request.ContentType ?? "no media type")}'; send JSON with Content-Type: application/json.");
            return;
        }

        if (request.Path.Value?.Split('/').Any(segment => Guid.TryParse(segment, out var id) && id == Guid.Empty) == true)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, RejectionCodes.InvalidId, "An id is not valid",
                "An id in the path is the empty UUID (all zeros); send the id of the thing you mean.");
            return;
        }

        if (HeaderRules.CheckHttp(request.Headers) is { } malformed)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, malformed.Code, "A header is not valid", malformed.Message);
            return;
        }

        if (QueryProblem(request.Query) is { } badQuery)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, badQuery.Code, "A query value is not valid", badQuery.Message);
            return;
        }

        await next();
    }

    /// <summary>Every query value: given once, plain text of at most <see cref="CommandShape.MaxTextLength"/> characters.</summary>
    private static Rejection? QueryProblem(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            var problem = values.Count > 1
                ? $"'{Shown(name)}' is given {values.Count} times; send it once."
                : (CommandShape.Text(name, "a query name", 100) ?? CommandShape.Text(values.ToString(), name))?.Message;
            if (problem is not null)
            {
                return Rejection.Invalid(RejectionCodes.InvalidQuery, problem);
            }
        }

        return null;
    }

    /// <summary>An unexpected exception: logged, and answered 500 with the trace id (a request too large or malformed for the server keeps its 4xx).</summary>
    public static void HandleExceptions(IApplicationBuilder app) =>
        app.Run(async http =>
        {
            var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is BadHttpRequestException bad)
            {
                var detail = bad.StatusCode == StatusCodes.Status400BadRequest ? $"The request could not be read: {bad.Message}" : DetailOf(bad.StatusCode, http);
                await WriteAsync(http, bad.StatusCode, CodeOf(bad.StatusCode), "The request is not valid", detail);
                return;
            }

            await WriteAsync(http, StatusCodes.Status500InternalServerError, "internal_error", "Unexpected error", DetailOf(500, http));
        });

    private static Task WriteAsync(HttpContext http, int status, string code, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: $"urn:eventsourcedtenancy:problem:{code}",
            extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(http);
}
