using EventSourcedTenancy.Authorization;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Owner-only operations (docs/product.md; docs/seeds.md, seeds 000, 002, 003): delete the tenant, transfer
/// ownership, billing settings, the administrators' sign-in methods, password policy and MFA enforcement,
/// and anything that makes, unmakes or touches an Owner. Only the Owner role holds these; they are never
/// inherited from an ancestor tenant and may not be put into a custom role.
/// </summary>
public static class OwnerOnly
{
    public static IReadOnlySet<Capability> Capabilities { get; } = CapabilitySet.Of(
        Capability.DeleteTenant,
        Capability.TransferOwnership,
        Capability.ChangeBillingSettings,
        Capability.SetAdminSignInMethods,
        Capability.SetAdminPasswordPolicy,
        Capability.EnforceAdminMfa,
        Capability.ManageOwners);

    public static Rejection? Require(ActorContext actor, Capability capability, string doing)
    {
        if (!Capabilities.Contains(capability))
        {
            throw new ArgumentException($"{capability} is not an owner-only capability.", nameof(capability));
        }

        return actor.Has(capability)
            ? null
            : Rejection.Forbidden(RejectionCodes.OwnerOnly, $"Only an Owner of this tenant can {doing}; escalate to an Owner.");
    }
}
