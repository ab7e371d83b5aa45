namespace IdentityModel;

/// <summary>Marker type: an assembly with no types at all cannot be packed.</summary>
internal static class Placeholder
{
}
