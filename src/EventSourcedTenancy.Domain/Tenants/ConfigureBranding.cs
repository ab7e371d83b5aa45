using EventSourcedTenancy.Commands;
using System.Text.RegularExpressions;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Seed 001 (docs/seeds.md): branding, by Partner and Folder administrators, on Partner and Folder
/// tenants.
/// </summary>
[HttpCommand("PUT", "/tenants/{tenantId}/branding", "Sets the tenant's branding (Partner and Folder administrators).")]
public sealed partial record ConfigureBranding(Guid TenantId, string DisplayName, string? LogoUrl, string? PrimaryColor) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, this, inputs.Actor, inputs.Now));
    }

    public static Decision Decide(Tenant tenant, ConfigureBranding command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            InputValidation.Name(command.DisplayName, "Display name")
            ?? (command.LogoUrl is null || (Uri.TryCreate(command.LogoUrl, UriKind.Absolute, out var logo) && logo.Scheme == Uri.UriSchemeHttps)
                ? null
                : Rejection.Invalid(RejectionCodes.InvalidBranding, "The logo URL must be an absolute https:// address."))
            ?? (command.PrimaryColor is null || HexColor().IsMatch(command.PrimaryColor)
                ? null
                : Rejection.Invalid(RejectionCodes.InvalidBranding, "The primary color must look like #1A2B3C."))
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.ConfigureBranding, "configure branding")
            ?? BrandingScope.Check(tenant);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForTenant(
            tenant.Id, new BrandingConfigured(tenant.Id, command.DisplayName, command.LogoUrl, command.PrimaryColor)));
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexColor();
}
