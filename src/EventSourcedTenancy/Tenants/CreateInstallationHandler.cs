using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Bootstrap of an installation: the Infrastructure tenant and its superuser. The root tenant has a fixed
/// id, so two racing bootstraps cannot both succeed. Over HTTP it needs the installation key from
/// configuration (Installation:BootstrapKey); from the command line, `dotnet run -- install`.
/// </summary>
public static class CreateInstallationHandler
{
    /// <summary>The Infrastructure tenant's id in every installation.</summary>
    public static readonly Guid InfrastructureTenantId = new("00000000-0000-0000-0000-0000000000f1");

    public static async Task<Decision> Decide(CommandScope scope, CreateInstallation command)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var existing = await scope.TenantAsync(InfrastructureTenantId);
        return CreateInstallation.Decide(
            existing is not null, command, ActorContext.System(InfrastructureTenantId), InfrastructureTenantId, CommandScope.NewId(), scope.Now);
    }
}

public static class CreateInstallationEndpoint
{
    public const string KeyHeader = "X-Installation-Key";

    [AllowAnonymous]
    [WolverinePost("/installation", OperationId = "CreateInstallation")]
    [Tags("Tenants")]
    [EndpointSummary("Creates the Infrastructure tenant and its superuser (once per installation).")]
    public static async Task<IResult> Post(CreateInstallation body, HttpContext http, CommandRunner runner, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(http);
        var key = configuration["Installation:BootstrapKey"];
        if (string.IsNullOrWhiteSpace(key) || http.Request.Headers[KeyHeader] != key)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed",
                detail: $"Send the installation key (Installation:BootstrapKey) in the {KeyHeader} header, or run `dotnet run -- install` on the server.");
        }

        return await runner.FromHttp(body, http, CreateInstallationHandler.Decide, _ => $"/tenants/{CreateInstallationHandler.InfrastructureTenantId}");
    }
}
