using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Owner-only tenant policy (docs/product.md; docs/seeds.md, seeds 000, 002): the administrators'
/// sign-in methods, password policy, MFA enforcement, and billing settings. Null sections stay as they are.
/// The end users' policy, which Administrators may set, is <see cref="ConfigureAuthenticationPolicy"/>.
/// </summary>
[HttpCommand("PUT", "/tenants/{tenantId}/policy",
    "Sets the owner-only policy for the tenant's administrators: their sign-in methods, password policy, MFA enforcement, and the billing settings. Only an Owner may; the policy for the tenant's end users, which Administrators may set too, is PUT /tenants/{tenantId}/authentication-policy.")]
public sealed record ConfigureTenantPolicy(
    Guid TenantId,
    IReadOnlyList<SignInMethod>? SignInMethods,
    PasswordPolicy? PasswordPolicy,
    MfaEnforcement? MfaEnforcement,
    BillingSettings? Billing) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, ConfigureTenantPolicy command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            Validate(command)
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? (command.SignInMethods is null ? null : OwnerOnly.Require(actor, Capability.SetAdminSignInMethods, "set the sign-in methods"))
            ?? (command.PasswordPolicy is null ? null : OwnerOnly.Require(actor, Capability.SetAdminPasswordPolicy, "set the password policy"))
            ?? (command.MfaEnforcement is null ? null : OwnerOnly.Require(actor, Capability.EnforceAdminMfa, "change MFA enforcement"))
            ?? (command.Billing is null ? null : OwnerOnly.Require(actor, Capability.ChangeBillingSettings, "change billing settings"));
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForTenant(tenant.Id, new TenantPolicyConfigured(
            tenant.Id, command.SignInMethods?.Distinct().ToArray(), command.PasswordPolicy, command.MfaEnforcement, command.Billing)));
    }

    private static Rejection? Validate(ConfigureTenantPolicy command)
    {
        if (command is { SignInMethods: null, PasswordPolicy: null, MfaEnforcement: null, Billing: null })
        {
            return Invalid("Nothing to configure; set the sign-in methods, password policy, MFA enforcement or billing settings.");
        }

        if ((PolicySections.SignInMethods(command.SignInMethods) ?? PolicySections.Password(command.PasswordPolicy)) is { } invalid)
        {
            return invalid;
        }

        if (command.MfaEnforcement is { } mfa && !Enum.IsDefined(mfa))
        {
            return Invalid($"MFA enforcement must be one of {string.Join(", ", Enum.GetNames<MfaEnforcement>())}.");
        }

        if (command.Billing is { } billing)
        {
            return InputValidation.Name(billing.Plan, "Billing plan")
                ?? (billing.InvoiceEmail is null ? null : InputValidation.Email(billing.InvoiceEmail));
        }

        return null;
    }

    private static Rejection Invalid(string message) => Rejection.Invalid(RejectionCodes.InvalidPolicy, message);
}
