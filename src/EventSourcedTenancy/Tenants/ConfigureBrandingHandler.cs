using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class ConfigureBrandingHandler
{
    public static Task<Decision> Decide(CommandScope scope, ConfigureBranding command) =>
        Load.TenantCommand(scope, command.TenantId, command, ConfigureBranding.Decide);

    public static Task<CommandOutcome> Handle(ConfigureBranding command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class ConfigureBrandingEndpoint
{
    [WolverinePut("/tenants/{tenantId}/branding", OperationId = "ConfigureBranding")]
    [Tags("Tenants")]
    [EndpointSummary("Sets the tenant's branding (Partner and Folder administrators).")]
    public static Task<IResult> Put(Guid tenantId, BrandingChange body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new ConfigureBranding(tenantId, body.DisplayName, body.LogoUrl, body.PrimaryColor), http, ConfigureBrandingHandler.Decide);
    }
}
