using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Applications;

/// <summary>
/// Seed 003 "Rotate secrets": issues a new client secret (returned once in the reply) and keeps the current one
/// valid for a grace period (<see cref="ApplicationRules.DefaultGracePeriod"/> unless the command names one, up
/// to 30 days), so clients can switch without an outage; a secret rotated out earlier ends now. Who rotated it
/// and why is in the audit trail.
/// </summary>
[HttpCommand("POST", "/applications/{applicationId}/secrets/rotate",
    "Issues a new client secret (in the reply, once); the current one stays valid for the grace period (default 24 hours). A reason is required.",
    ReasonMember = nameof(Reason))]
public sealed record RotateApplicationSecret(Guid ApplicationId, string? Reason, int? GracePeriodHours, string? SecretRecipientKey) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnApplication(ApplicationId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnApplication((tenant, application) => Decide(tenant, application, this, inputs.Actor, inputs.NewId(), inputs.NewSecret, inputs.Now));
    }

    public static Decision Decide(
        Tenant tenant, Application application, RotateApplicationSecret command, ActorContext actor, Guid secretId, Func<string> newSecret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(newSecret);
        var rejection =
            (string.IsNullOrWhiteSpace(command.Reason)
                ? Rejection.Invalid(RejectionCodes.InvalidText, "Say why the secret is rotated (reason, or the X-Reason header).")
                : InputValidation.Reason(command.Reason))
            ?? ApplicationRules.GracePeriod(command.GracePeriodHours)
            ?? ClientSecrets.CheckRecipientKey(command.SecretRecipientKey)
            ?? Authority.ChangeIn(tenant, actor, Capability.RotateSecrets, "rotate client secrets")
            ?? ApplicationRules.MustBeLive(application)
            ?? ApplicationRules.MustKeepSecret(application);
        if (rejection is not null)
        {
            return rejection;
        }

        var grace = command.GracePeriodHours is { } hours ? TimeSpan.FromHours(hours) : ApplicationRules.DefaultGracePeriod;
        var secret = newSecret();
        return Decision.Accept(PendingEvent.ForApplication(application.Id,
                new ApplicationSecretRotated(application.Id, tenant.Id, secretId, ClientSecrets.Hash(secret), now + grace, command.Reason!)))
            .WithIssuedSecret(secret, command.SecretRecipientKey);
    }
}
