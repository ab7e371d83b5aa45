using EventSourcedTenancy.Authorization;

namespace EventSourcedTenancy.Accounts;

/// <summary>Body of PUT /accounts/{accountId}/role.</summary>
public sealed record RoleChange(RoleRef Role);

/// <summary>Body of PUT /accounts/{accountId}/workspace-roles/{workspaceId}.</summary>
public sealed record WorkspaceRoleChange(SystemRole Role);

/// <summary>Body of the function-privilege endpoints: which privilege, held in which tenant.</summary>
public sealed record FunctionPrivilegeChange(Guid TenantId, FunctionPrivilege Privilege);

/// <summary>Body of POST /tenants/{tenantId}/admins.</summary>
public sealed record AdminInvitation(string Email, string FirstName, string LastName, RoleRef? Role, Guid? WorkspaceId, SystemRole? WorkspaceRole);

/// <summary>Body of POST /tenants/{tenantId}/users.</summary>
public sealed record NewUser(string Email, string FirstName, string LastName);
