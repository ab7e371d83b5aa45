using EventSourcedTenancy.Commands;
using Wolverine;
using Wolverine.Http;

namespace EventSourcedTenancy.Tenants;

public static class ConfigureTenantPolicyHandler
{
    public static Task<Decision> Decide(CommandScope scope, ConfigureTenantPolicy command) =>
        Load.TenantCommand(scope, command.TenantId, command, ConfigureTenantPolicy.Decide);

    public static Task<CommandOutcome> Handle(ConfigureTenantPolicy command, Envelope envelope, CommandRunner runner, CancellationToken cancellation) =>
        runner.FromBus(command, envelope, Decide, cancellation);
}

public static class ConfigureTenantPolicyEndpoint
{
    [WolverinePut("/tenants/{tenantId}/policy", OperationId = "ConfigureTenantPolicy")]
    [Tags("Tenants")]
    [EndpointSummary("Sets owner-only policy: sign-in methods, password policy, MFA enforcement, billing settings.")]
    public static Task<IResult> Put(Guid tenantId, TenantPolicyChange body, HttpContext http, CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(body);
        return runner.FromHttp(new ConfigureTenantPolicy(tenantId, body.SignInMethods, body.PasswordPolicy, body.MfaEnforcement, body.Billing), http, ConfigureTenantPolicyHandler.Decide);
    }
}
