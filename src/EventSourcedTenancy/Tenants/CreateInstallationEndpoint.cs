using System.Security.Cryptography;
using System.Text;
using EventSourcedTenancy.Commands;
using Wolverine;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Bootstrap of an installation over HTTP: the Infrastructure tenant and its superuser, with the
/// installation key from configuration (Installation:BootstrapKey). From the command line: `dotnet run -- install`.
/// The installation acts, not a caller, so this is the one command endpoint that takes no bearer token.
/// The body is read with the same strict contract as every command (<see cref="CommandEndpoints"/>).
/// </summary>
public static class CreateInstallationEndpoint
{
    public const string KeyHeader = "X-Installation-Key";

    public static IEndpointRouteBuilder MapInstallationEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/installation", PostAsync)
            .AllowAnonymous()
            .WithName(nameof(CreateInstallation))
            .WithTags("Tenants")
            .WithSummary("Creates the Infrastructure tenant and its superuser (once per installation).")
            .Accepts<CreateInstallation>("application/json")
            .Produces<CommandOutcome>(StatusCodes.Status201Created)
            .Produces<CommandOutcome>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext http, IMessageBus bus, IConfiguration configuration)
    {
        // No key configured: no installation over HTTP (the command line can still install).
        var key = configuration["Installation:BootstrapKey"];
        if (string.IsNullOrWhiteSpace(key) || !KeyMatches(http.Request.Headers[KeyHeader].ToString(), key))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed",
                detail: $"Send the installation key (Installation:BootstrapKey) in the {KeyHeader} header, or run `dotnet run -- install` on the server.",
                extensions: new Dictionary<string, object?> { ["code"] = "installation_key_required" });
        }

        var bound = await CommandEndpoints.BindAsync<CreateInstallation>(http, route: null);
        if (bound.Problem is { } problem)
        {
            return CommandOutcome.Reject(problem).ToHttp();
        }

        var outcome = await bus.InvokeAsync<CommandOutcome>(bound.Command!, CommandMetadata.FromHttp(http).ToDelivery(), http.RequestAborted);
        return outcome.ToHttp(_ => $"/tenants/{CreateInstallation.InfrastructureTenantId}");
    }

    /// <summary>Compares in constant time, so the time of a refusal says nothing about the key.</summary>
    private static bool KeyMatches(string given, string key) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
