using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 003 "Configure authentication policy" and "Configure MFA enforcement": the policy for the tenant's end
/// users (the people who sign in to its applications). Owners and Administrators may set it; the administrators'
/// own policy stays owner-only (<see cref="ConfigureTenantPolicy"/>). Null sections stay as they are.
/// </summary>
[HttpCommand("PUT", "/tenants/{tenantId}/authentication-policy",
    "Sets the authentication policy for the tenant's end users: sign-in methods and password policy (Configure authentication policy), MFA enforcement (Configure MFA enforcement). Owners and Administrators may; the administrators' own policy is the owner-only PUT /tenants/{tenantId}/policy.")]
public sealed record ConfigureAuthenticationPolicy(
    Guid TenantId, IReadOnlyList<SignInMethod>? SignInMethods, PasswordPolicy? PasswordPolicy, MfaEnforcement? MfaEnforcement) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor));
    }

    public static Decision Decide(Tenant tenant, ConfigureAuthenticationPolicy command, ActorContext actor)
    {
        var rejection =
            (command is { SignInMethods: null, PasswordPolicy: null, MfaEnforcement: null }
                ? Invalid("Nothing to configure; set the sign-in methods, password policy or MFA enforcement.")
                : null)
            ?? PolicySections.SignInMethods(command.SignInMethods)
            ?? PolicySections.Password(command.PasswordPolicy)
            ?? (command.MfaEnforcement is null or Tenants.MfaEnforcement.Optional or Tenants.MfaEnforcement.RequiredForEveryone
                ? null
                : Invalid("For end users, MFA enforcement is Optional or RequiredForEveryone (RequiredForAdministrators belongs to the administrators' policy, PUT /tenants/{tenantId}/policy)."))
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? (command.SignInMethods is null && command.PasswordPolicy is null
                ? null
                : Authority.Require(actor, Capability.ConfigureAuthenticationPolicy, "configure the end users' authentication policy"))
            ?? (command.MfaEnforcement is null ? null : Authority.Require(actor, Capability.ConfigureMfaEnforcement, "configure the end users' MFA enforcement"));
        if (rejection is not null)
        {
            return rejection;
        }

        var methods = command.SignInMethods?.Distinct().ToArray();
        var current = tenant.EndUserPolicy;
        var unchanged = (methods is null || methods.SequenceEqual(current.SignInMethods))
            && (command.PasswordPolicy is null || command.PasswordPolicy == current.PasswordPolicy)
            && (command.MfaEnforcement is null || command.MfaEnforcement == current.MfaEnforcement);
        return unchanged
            ? Decision.Accept()
            : Decision.Accept(PendingEvent.ForTenant(tenant.Id,
                new AuthenticationPolicyConfigured(tenant.Id, methods, command.PasswordPolicy, command.MfaEnforcement)));
    }

    private static Rejection Invalid(string message) => Rejection.Invalid(RejectionCodes.InvalidPolicy, message);
}
