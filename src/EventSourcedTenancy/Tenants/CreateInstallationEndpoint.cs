using EventSourcedTenancy.Commands;
using Microsoft.AspNetCore.Authorization;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Bootstrap of an installation over HTTP: the Infrastructure tenant and its superuser, with the
/// installation key from configuration (Installation:BootstrapKey). From the command line: `dotnet run -- install`.
/// The installation acts, not a caller, so this is the one command endpoint that takes no bearer token.
/// </summary>
public static class CreateInstallationEndpoint
{
    public const string KeyHeader = "X-Installation-Key";

    [AllowAnonymous]
    [WolverinePost("/installation", OperationId = "CreateInstallation")]
    [Tags("Tenants")]
    [EndpointSummary("Creates the Infrastructure tenant and its superuser (once per installation).")]
    public static async Task<IResult> Post(CreateInstallation body, HttpContext http, IMessageBus bus, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(bus);
        var key = configuration["Installation:BootstrapKey"];
        if (string.IsNullOrWhiteSpace(key) || http.Request.Headers[KeyHeader] != key)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed",
                detail: $"Send the installation key (Installation:BootstrapKey) in the {KeyHeader} header, or run `dotnet run -- install` on the server.",
                extensions: new Dictionary<string, object?> { ["code"] = "installation_key_required" });
        }

        var outcome = await bus.InvokeAsync<CommandOutcome>(body, CommandMetadata.FromHttp(http).ToDelivery(), http.RequestAborted);
        return outcome.ToHttp(_ => $"/tenants/{CreateInstallation.InfrastructureTenantId}");
    }
}
