using System.Text.Json.Serialization;
using EventSourcedTenancy.Commands;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Scalar.AspNetCore;
using Wolverine.Http;

namespace EventSourcedTenancy.Hosting;

public static class HttpInterface
{
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IServiceCollection AddHttpInterface(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CommandLoader>();
        services.AddSingleton<ReadAccess>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Commands are small: anything larger than this is refused before it is read.
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddOpenApi(options => options.AddCommandExamples());
        services.AddWolverineHttp();
        return services;
    }

    /// <summary>
    /// Refuses a declared body over the limit before anything reads it, whatever the server (Kestrel also
    /// enforces the limit on bodies sent without a length).
    /// </summary>
    private static async Task RefuseLargeBodies(HttpContext context, Func<Task> next)
    {
        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            await Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The request body is too large",
                detail: $"Commands are small: send at most {MaxRequestBodyBytes / 1024} KiB. For many accounts at once, send one command per account.")
                .ExecuteAsync(context);
            return;
        }

        await next();
    }

    public static WebApplication MapHttpInterface(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.Use(RefuseLargeBodies);
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        // The OpenAPI document at /openapi/v1.json and a browsable reference at /docs.
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();

        app.MapCommandEndpoints();
        app.MapWolverineEndpoints(opts =>
        {
            opts.RequireAuthorizeOnAll();
            // A query value that does not parse is a 400, never a silently unfiltered read.
            opts.RejectUnparseableQueryValues = true;
        });
        return app;
    }
}
