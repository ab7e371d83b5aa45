using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Domain.Tests.Support;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Domain.Tests.Tenants;

/// <summary>
/// Owner-only tenant policy (docs/domain.md, "Seed 003 vs owner-only policy"): the command is validated
/// first, section by section, then each section it sets needs its own owner-only capability, and only those.
/// </summary>
public class when_the_tenant_policy_is_configured
{
    private static readonly PasswordPolicy GoodPolicy = new(12, true, true, true, 90);

    private static Decision Decide(TenantScene s, ConfigureTenantPolicy command, ActorContext actor) =>
        ConfigureTenantPolicy.Decide(s.Live(s.Customer), command, actor, World.Now);

    private static ConfigureTenantPolicy Policy(TenantScene s, IReadOnlyList<SignInMethod>? methods = null, PasswordPolicy? password = null, MfaEnforcement? mfa = null, BillingSettings? billing = null) =>
        new(s.Customer, methods, password, mfa, billing);

    public static TheoryData<string, string> InvalidCommands() => new()
    {
        { "nothing", "Nothing to configure" },
        { "no sign-in method", "Choose at least one sign-in method from Password, Passkey, EmailOneTimeCode, SingleSignOn." },
        { "an unknown sign-in method among known ones", "Choose at least one sign-in method" },
        { "a minimum length of 7", "minimum length between 8 and 128" },
        { "a minimum length of 129", "minimum length between 8 and 128" },
        { "a maximum age of 0 days", "a maximum age (if any) between 1 and 3650 days" },
        { "a maximum age of 3651 days", "a maximum age (if any) between 1 and 3650 days" },
        { "an unknown MFA enforcement", "MFA enforcement must be one of Optional, RequiredForAdministrators, RequiredForEveryone." },
        { "a billing plan with no name", "Billing plan is required." },
        { "a billing plan with no name and an invoice email that is not one", "Billing plan is required." },
        { "a billing invoice email that is not one", "'billing' is not an email address" },
    };

    private static ConfigureTenantPolicy Invalid(TenantScene s, string what) => what switch
    {
        "nothing" => Policy(s),
        "no sign-in method" => Policy(s, methods: []),
        "an unknown sign-in method among known ones" => Policy(s, methods: [SignInMethod.Password, (SignInMethod)99]),
        "a minimum length of 7" => Policy(s, password: GoodPolicy with { MinimumLength = 7 }),
        "a minimum length of 129" => Policy(s, password: GoodPolicy with { MinimumLength = 129 }),
        "a maximum age of 0 days" => Policy(s, password: GoodPolicy with { MaximumAgeDays = 0 }),
        "a maximum age of 3651 days" => Policy(s, password: GoodPolicy with { MaximumAgeDays = 3651 }),
        "an unknown MFA enforcement" => Policy(s, mfa: (MfaEnforcement)99),
        "a billing plan with no name" => Policy(s, billing: new BillingSettings(" ", null)),
        "a billing plan with no name and an invoice email that is not one" => Policy(s, billing: new BillingSettings(" ", "billing")),
        "a billing invoice email that is not one" => Policy(s, billing: new BillingSettings("Enterprise", "billing")),
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, "Unknown invalid command."),
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public void an_invalid_command_is_refused_before_the_tenant_and_the_actor_are_looked_at(string what, string phrase)
    {
        var s = new TenantScene();
        var nobody = ActorContext.Nobody(Guid.Empty, s.World.InfrastructureId);

        var rejection = ConfigureTenantPolicy.Decide(s.Deleted(s.Customer), Invalid(s, what), nobody, World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, what.StartsWith("a billing", StringComparison.Ordinal) ? null : RejectionCodes.InvalidPolicy);

        rejection.Message.ShouldContain(phrase);
    }

    [Theory]
    [InlineData(8, null)]
    [InlineData(128, 1)]
    [InlineData(64, 3650)]
    public void a_password_policy_at_the_bounds_is_accepted(int minimumLength, int? maximumAgeDays)
    {
        var s = new TenantScene();
        Decide(s, Policy(s, password: GoodPolicy with { MinimumLength = minimumLength, MaximumAgeDays = maximumAgeDays }), s.World.Actor(s.World.OwnerOf(s.Customer)))
            .ShouldBeAccepted();
    }

    [Fact]
    public void a_valid_command_is_then_refused_in_a_deleted_tenant_and_for_an_actor_resolved_elsewhere()
    {
        var s = new TenantScene();
        var owner = s.World.Actor(s.World.OwnerOf(s.Customer));
        var command = Policy(s, mfa: MfaEnforcement.RequiredForEveryone);

        ConfigureTenantPolicy.Decide(s.Deleted(s.Customer), command, owner with { TenantId = s.Partner }, World.Now)
            .ShouldBeRejected(RejectionKind.Conflict, RejectionCodes.TenantDeleted);
        ConfigureTenantPolicy.Decide(s.Live(s.Customer), command, owner.Without(Capability.EnforceAdminMfa) with { TenantId = s.Partner }, World.Now)
            .ShouldBeRejected(RejectionKind.Invalid, RejectionCodes.WrongTenant).Message.ShouldContain("authority was resolved");
    }

    public static TheoryData<string, Capability, string> Sections() => new()
    {
        { "sign-in methods", Capability.SetAdminSignInMethods, "Only an Owner of this tenant can set the sign-in methods;" },
        { "password policy", Capability.SetAdminPasswordPolicy, "Only an Owner of this tenant can set the password policy;" },
        { "MFA enforcement", Capability.EnforceAdminMfa, "Only an Owner of this tenant can change MFA enforcement;" },
        { "billing settings", Capability.ChangeBillingSettings, "Only an Owner of this tenant can change billing settings;" },
    };

    private static ConfigureTenantPolicy Section(TenantScene s, string section) => section switch
    {
        "sign-in methods" => Policy(s, methods: [SignInMethod.Passkey, SignInMethod.Passkey, SignInMethod.SingleSignOn]),
        "password policy" => Policy(s, password: GoodPolicy),
        "MFA enforcement" => Policy(s, mfa: MfaEnforcement.RequiredForEveryone),
        "billing settings" => Policy(s, billing: new BillingSettings("Enterprise", "billing@acme.test")),
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "Unknown section."),
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void each_section_needs_its_own_owner_only_capability_and_no_other(string section, Capability capability, string refusal)
    {
        var s = new TenantScene();
        var administrator = s.World.Actor(s.World.NewAdmin(s.Customer, SystemRole.Administrator));
        var holdingOnlyThis = administrator.With(capability);
        var holdingAllButThis = administrator.With([.. OwnerOnly.Capabilities.Where(c => c != capability)]);

        Decide(s, Section(s, section), holdingAllButThis).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerOnly).Message.ShouldStartWith(refusal);
        var accepted = Decide(s, Section(s, section), holdingOnlyThis).ShouldBeAccepted().Single<TenantPolicyConfigured>(s.Customer);

        accepted.TenantId.ShouldBe(s.Customer);
        (accepted.SignInMethods is null).ShouldBe(section != "sign-in methods");
        accepted.PasswordPolicy.ShouldBe(section == "password policy" ? GoodPolicy : null);
        accepted.MfaEnforcement.ShouldBe(section == "MFA enforcement" ? MfaEnforcement.RequiredForEveryone : null);
        accepted.Billing.ShouldBe(section == "billing settings" ? new BillingSettings("Enterprise", "billing@acme.test") : null);
        if (section == "sign-in methods")
        {
            accepted.SignInMethods.ShouldBe([SignInMethod.Passkey, SignInMethod.SingleSignOn], "each method once");
        }
    }

    [Fact]
    public void an_actor_lacking_several_sections_is_refused_for_the_first_in_the_order_of_the_command()
    {
        var s = new TenantScene();
        var administrator = s.World.Actor(s.World.NewAdmin(s.Customer, SystemRole.Administrator));
        var everything = Policy(s, [SignInMethod.Passkey], GoodPolicy, MfaEnforcement.RequiredForEveryone, new BillingSettings("Enterprise", null));
        string[] refusals = ["set the sign-in methods", "set the password policy", "change MFA enforcement", "change billing settings"];
        Capability[] order = [Capability.SetAdminSignInMethods, Capability.SetAdminPasswordPolicy, Capability.EnforceAdminMfa, Capability.ChangeBillingSettings];

        for (var held = 0; held < order.Length; held++)
        {
            Decide(s, everything, administrator.With(order[..held])).ShouldBeRejected(RejectionKind.Forbidden, RejectionCodes.OwnerOnly).Message
                .ShouldBe($"Only an Owner of this tenant can {refusals[held]}; escalate to an Owner.");
        }

        Decide(s, everything, administrator.With(order)).ShouldBeAccepted();
    }

    [Fact]
    public void a_billing_plan_without_an_invoice_email_is_accepted()
    {
        var s = new TenantScene();
        Decide(s, Policy(s, billing: new BillingSettings("Free", null)), s.World.Actor(s.World.OwnerOf(s.Customer))).ShouldBeAccepted();
    }
}
