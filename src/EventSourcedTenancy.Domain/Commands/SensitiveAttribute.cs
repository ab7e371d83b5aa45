namespace EventSourcedTenancy.Commands;

/// <summary>
/// A member of a command that holds a secret: accepted over HTTP only (a bus message rests in storage), and left
/// out of the command's idempotency fingerprint (which is kept), so nothing stored can be used to guess it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SensitiveAttribute : Attribute;
