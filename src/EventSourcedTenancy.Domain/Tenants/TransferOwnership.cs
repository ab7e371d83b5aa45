using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;

namespace EventSourcedTenancy.Tenants;

/// <summary>
/// Owner-only (docs/seeds.md, seed 003): hand an Owner's ownership to another active administrator of
/// the tenant. The previous Owner becomes an Administrator, so day-to-day administration is not lost.
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/ownership-transfer", "Transfers ownership from one account to another (Owners only).")]
public sealed record TransferOwnership(Guid TenantId, Guid FromAccountId, Guid ToAccountId) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.OnTenant(TenantId) with { OtherAccounts = [FromAccountId, ToAccountId] };

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Tenant is not { } tenant ? Missing.Tenant(TenantId)
            : inputs.AccountById(FromAccountId) is not { } from ? Missing.Account(FromAccountId)
            : inputs.AccountById(ToAccountId) is not { } to ? Missing.Account(ToAccountId)
            : Decide(tenant, from, to, this, inputs.Actor, inputs.Now);
    }

    public static RoleRef PreviousOwnerBecomes { get; } = RoleRef.Of(SystemRole.Administrator);

    public static Decision Decide(Tenant tenant, Account from, Account to, TransferOwnership command, ActorContext actor, DateTimeOffset now)
    {
        var rejection =
            (command.TenantId == tenant.Id && command.FromAccountId == from.Id && command.ToAccountId == to.Id
                ? null
                : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the tenant and the two accounts the command names."))
            ?? (from.Id == to.Id ? Rejection.Invalid(RejectionCodes.InvalidRole, "Ownership must go to another account.") : null)
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? OwnerOnly.Require(actor, Capability.TransferOwnership, "transfer ownership")
            ?? (from.TenantId == tenant.Id && to.TenantId == tenant.Id
                ? null
                : Rejection.Conflict(RejectionCodes.DifferentTenant, $"Both accounts must belong to '{tenant.Name}'."))
            ?? (tenant.IsActiveOwner(from.Id)
                ? null
                : Rejection.Conflict(RejectionCodes.NotAnOwner, "The account to transfer from is not an active Owner of this tenant."))
            ?? (to.Kind == AccountKind.Administrator
                ? null
                : Rejection.Conflict(RejectionCodes.UserAccountRole, "Ownership goes to an administrator account; invite the person as an administrator first."))
            ?? AccountLifecycle.Check(to, AccountTransition.PromoteToOwner)
            ?? (to.Role.IsOwner
                ? Rejection.Conflict(RejectionCodes.AlreadyExists, "The receiving account is already an Owner; demote the other one instead.")
                : null);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(
            PendingEvent.ForTenant(tenant.Id, new OwnershipTransferred(tenant.Id, from.Id, to.Id)),
            PendingEvent.ForAccount(from.Id, new RoleChanged(from.Id, from.Role, PreviousOwnerBecomes)),
            PendingEvent.ForAccount(to.Id, new PromotedToOwner(to.Id, to.Role)));
    }
}
