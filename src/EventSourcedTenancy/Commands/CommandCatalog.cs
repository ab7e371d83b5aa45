using System.Reflection;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// Every command of the domain, found once from its declarations: the records that implement
/// <see cref="ITenancyCommand"/>, with the HTTP route their <see cref="HttpCommandAttribute"/> gives. The bus
/// routing, the handlers, the HTTP endpoints and the OpenAPI document all follow from this list.
/// </summary>
public static class CommandCatalog
{
    public static IReadOnlyList<Type> Commands { get; } =
    [
        .. typeof(ITenancyCommand).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITenancyCommand).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal),
    ];

    /// <summary>The commands accepted over HTTP, with their routes.</summary>
    public static IReadOnlyList<(Type Command, HttpCommandAttribute Http)> HttpCommands { get; } =
    [
        .. Commands
            .Select(t => (Command: t, Http: t.GetCustomAttribute<HttpCommandAttribute>()))
            .Where(c => c.Http is not null)
            .Select(c => (c.Command, c.Http!)),
    ];

    /// <summary>The group a command is listed under in the API reference: its aggregate's folder.</summary>
    public static string GroupOf(Type command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Namespace?.Split('.')[^1] ?? "Commands";
    }
}
