using Scalar.AspNetCore;
using Wolverine.Http;

namespace EventSourcedTenancy.Hosting;

public static class HttpInterface
{
    public static IServiceCollection AddHttpInterface(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddWolverineHttp();
        return services;
    }

    public static WebApplication MapHttpInterface(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The OpenAPI document at /openapi/v1.json and a browsable reference at /docs.
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();

        app.MapWolverineEndpoints();
        return app;
    }
}
