namespace EventSourcedTenancy.Domain.Tests.Support;

/// <summary>
/// Every command of the domain, found the way the service finds them for its message routing: the
/// exported records whose own public static Decide function takes them.
/// </summary>
public static class CommandCatalog
{
    public static IReadOnlySet<Type> CommandTypes { get; } = typeof(Decision).Assembly.GetExportedTypes()
        .Where(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Any(m => m.Name == "Decide" && m.GetParameters().Any(p => p.ParameterType == t)))
        .ToHashSet();
}
