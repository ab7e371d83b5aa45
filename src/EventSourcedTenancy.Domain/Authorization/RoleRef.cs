namespace EventSourcedTenancy.Authorization;

/// <summary>
/// A tenant role: either a system role or a custom role defined in the account's home tenant.
/// Exactly one of the two is set. Serializes as a plain object.
/// </summary>
public sealed record RoleRef(SystemRole? Role, Guid? CustomRoleId)
{
    public static RoleRef Of(SystemRole role) => new(role, null);

    public static RoleRef Custom(Guid customRoleId) => new(null, customRoleId);

    public bool Is(SystemRole role) => Role == role && CustomRoleId is null;

    public bool IsOwner => Is(SystemRole.Owner);

    public bool IsCustom => CustomRoleId is not null;

    public override string ToString() => IsCustom ? $"custom role {CustomRoleId}" : Role?.ToString() ?? "no role";
}
