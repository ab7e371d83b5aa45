using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>
/// Seed 002 "Invite a new administrator" (docs/seeds.md): email, first and last name, tenant role, and
/// optionally a workspace with a workspace role (a "Member" has tenant role User and only the workspace
/// role). Without a role the invitation gets the lowest (<see cref="LeastPrivilege"/>). A workspace
/// administrator may invite Members into their own workspace.
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/admins", "Invites an administrator into the tenant (without a role: the lowest one).", Created = "/accounts/{id}")]
public sealed record InviteAdmin(
    Guid TenantId,
    string Email,
    string FirstName,
    string LastName,
    RoleRef? Role,
    Guid? WorkspaceId,
    SystemRole? WorkspaceRole) : ITenancyCommand
{
    public ReadPlan Reads() => ReadPlan.NewAccountIn(TenantId, Email);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, inputs.ExistingWithEmail, this, inputs.Actor, inputs.NewId(), inputs.Now));
    }

    /// <param name="tenant">The tenant to invite into.</param>
    /// <param name="existingWithEmail">The tenant's account with this email, if any.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the tenant.</param>
    /// <param name="newAccountId">The new account's id.</param>
    /// <param name="now">The current time.</param>
    public static Decision Decide(
        Tenant tenant, Account? existingWithEmail, InviteAdmin command, ActorContext actor, Guid newAccountId, DateTimeOffset now)
    {
        var role = LeastPrivilege.ForInvitation(command.Role, command.WorkspaceRole);
        var memberOfWorkspace = role.Is(SystemRole.User) && command.WorkspaceId is not null;
        var rejection =
            InputValidation.Email(command.Email)
            ?? InputValidation.PersonName(command.FirstName, "First name")
            ?? InputValidation.PersonName(command.LastName, "Last name")
            ?? AccountPreconditions.WellFormed(command.Role)
            ?? AccountPreconditions.NotAWorkspaceRole(command.Role)
            ?? ((command.WorkspaceId is null) == (command.WorkspaceRole is null)
                ? null
                : Rejection.Invalid(RejectionCodes.InvalidRole, "Give both a workspace and a workspace role, or neither."))
            ?? (command.WorkspaceRole is { } workspaceRole ? WorkspaceScope.RequireWorkspaceRole(workspaceRole) : null)
            ?? (role.Is(SystemRole.User) && command.WorkspaceId is null
                ? Rejection.Invalid(RejectionCodes.InvalidRole, "A Member (tenant role User) needs a workspace and a workspace role; choose them, or choose a tenant role.")
                : null)
            ?? (command.TenantId == tenant.Id ? null : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the tenant the command names."))
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            // A system role is judged at once: it needs no look-up and says nothing about the tenant.
            ?? (role.IsCustom ? null : NoEscalation.CheckRoleGrant(actor, role, tenant))
            // Reach before anything named is looked up: InviteMembers in the tenant or in one of its workspaces.
            ?? Authority.RequireAnywhere(actor, Capability.InviteMembers, "invite administrators")
            ?? (command.WorkspaceId is { } workspace ? WorkspaceScope.RequireWorkspace(tenant, workspace) : null)
            ?? AccountPreconditions.CustomRoleExists(tenant, role)
            ?? (role.IsCustom ? NoEscalation.CheckRoleGrant(actor, role, tenant) : null)
            ?? Authority.Require(actor, memberOfWorkspace ? command.WorkspaceId : null, Capability.InviteMembers, "invite administrators")
            ?? (command is { WorkspaceId: { } ws, WorkspaceRole: { } wsRole } ? NoEscalation.CheckWorkspaceRoleGrant(actor, ws, wsRole) : null)
            ?? UniqueEmailPerTenant.Check(existingWithEmail);
        if (rejection is not null)
        {
            return rejection;
        }

        return Decision.Accept(PendingEvent.ForAccount(newAccountId, new AdminInvited(
            newAccountId, tenant.Id, InputValidation.NormalizeEmail(command.Email), command.FirstName, command.LastName,
            role, command.WorkspaceId, command.WorkspaceRole, InvitationExpiry.ExpiresAt(now))));
    }
}
