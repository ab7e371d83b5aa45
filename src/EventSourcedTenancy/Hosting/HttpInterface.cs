using System.Text.Json.Serialization;
using EventSourcedTenancy.AdminConsole;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Scalar.AspNetCore;
using Wolverine.Http;

namespace EventSourcedTenancy.Hosting;

public static class HttpInterface
{
    public static IServiceCollection AddHttpInterface(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CommandLoader>();
        services.AddSingleton<SecretSealer>();
        services.AddSingleton<ReadAccess>();
        services.AddRequestEdge();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.Configure<KestrelServerOptions>(o =>
        {
            // Commands are small: anything larger than this is refused before it is read.
            o.Limits.MaxRequestBodySize = RequestEdge.MaxRequestBodyBytes;
            // Long request lines reach the edge, which answers 414 with ProblemDetails (RequestEdge.MaxTargetLength).
            o.Limits.MaxRequestLineSize = RequestEdge.MaxRequestLineBytes;
            // What Kestrel refuses before the application sees it gets a ProblemDetails body too.
            o.ConfigureEndpointDefaults(RawRejections.Use);
        });
        services.AddOpenApi(options => options.AddCommandExamples().DescribeService());
        services.AddWolverineHttp();
        return services;
    }

    public static WebApplication MapHttpInterface(this WebApplication app)
    {
        app.UseExceptionHandler(RequestEdge.HandleExceptions);
        app.Use(RequestEdge.Guard);
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(ImpersonatedReads.RecordAsync);

        // The OpenAPI document at /openapi/v1.json and a browsable reference at /docs.
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", ApiReference.Configure);
        // The administration console at /console/, the service's front page.
        app.MapConsole();
        app.MapGet("/", () => Results.Redirect($"{ConsoleHosting.Path}/")).ExcludeFromDescription();
        // The bus contract (commands, replies, integration events) as an AsyncAPI document.
        app.MapBusContract();

        app.MapCommandEndpoints();
        app.MapInstallationEndpoint();
        app.MapWolverineEndpoints(opts =>
        {
            opts.RequireAuthorizeOnAll();
            // A query value that does not parse is a 400, never a silently unfiltered read.
            opts.RejectUnparseableQueryValues = true;
        });
        return app;
    }
}
