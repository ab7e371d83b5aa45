using EventSourcedTenancy.Authorization;

namespace EventSourcedTenancy.Rules;

/// <summary>
/// Least privilege is the default (docs/product.md; docs/seeds.md, seed 003 "when in doubt, start
/// lower"). A user account gets the User role. An administrator invited without a role gets Viewer, the
/// lowest role that gives the management portal anything to show; one invited with only a workspace
/// role gets User as tenant role (seed 002's "Member": no tenant-wide authority, only the workspace's).
/// </summary>
public static class LeastPrivilege
{
    public static RoleRef UserRole { get; } = RoleRef.Of(SystemRole.User);

    public static RoleRef DefaultAdministratorRole { get; } = RoleRef.Of(SystemRole.Viewer);

    public static RoleRef MemberRole { get; } = RoleRef.Of(SystemRole.User);

    public static RoleRef ForInvitation(RoleRef? requested, SystemRole? workspaceRole) =>
        requested ?? (workspaceRole is null ? DefaultAdministratorRole : MemberRole);
}
