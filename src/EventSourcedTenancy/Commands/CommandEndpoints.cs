using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Rules;
using Wolverine;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// One HTTP endpoint per command of the <see cref="CommandCatalog"/>, at the route its
/// <see cref="HttpCommandAttribute"/> declares. The endpoint binds the command (route values plus the JSON
/// body), turns the request's headers into the command's metadata, and hands both to the same handler the
/// bus uses (<see cref="CommandHandler{TCommand}"/>, invoked in process); the outcome becomes the response.
/// </summary>
public static class CommandEndpoints
{
    private static readonly MethodInfo MapOne = typeof(CommandEndpoints).GetMethod(nameof(Map), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (command, http) in CommandCatalog.HttpCommands)
        {
            MapOne.MakeGenericMethod(command).Invoke(null, [app, http]);
        }

        return app;
    }

    private static void Map<TCommand>(IEndpointRouteBuilder app, HttpCommandAttribute http)
        where TCommand : ITenancyCommand
    {
        var endpoint = app.MapMethods(http.Route, [http.Method], (HttpContext context, IMessageBus bus) => HandleAsync<TCommand>(context, bus, http))
            .WithName(typeof(TCommand).Name)
            .WithTags(CommandCatalog.GroupOf(typeof(TCommand)))
            .WithSummary(http.Summary)
            .WithMetadata(http)
            .RequireAuthorization()
            .Produces<CommandOutcome>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        if (http.Created is not null)
        {
            // A new tenant or account answers 201 with its Location; a repeat of the same command answers 200.
            endpoint.Produces<CommandOutcome>(StatusCodes.Status201Created);
        }

        if (BodyMembers(typeof(TCommand), http).Any())
        {
            endpoint.Accepts<TCommand>("application/json");
        }
    }

    /// <summary>The command's members that the body carries: all but those the route names.</summary>
    public static IEnumerable<string> BodyMembers(Type command, HttpCommandAttribute http)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(http);
        var routeNames = RouteNames(http);
        return command.GetProperties().Select(p => p.Name).Where(n => !routeNames.Contains(n, StringComparer.OrdinalIgnoreCase));
    }

    private static string[] RouteNames(HttpCommandAttribute http) =>
        [.. http.Route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'))];

    private static async Task<IResult> HandleAsync<TCommand>(HttpContext http, IMessageBus bus, HttpCommandAttribute route)
        where TCommand : ITenancyCommand
    {
        var bound = await BindAsync<TCommand>(http, route);
        if (bound.Problem is { } problem)
        {
            return CommandOutcome.Reject(problem).ToHttp();
        }

        var metadata = CommandMetadata.FromHttp(http);
        CommandOutcome outcome;
        try
        {
            outcome = await bus.InvokeAsync<CommandOutcome>(bound.Command!, metadata.ToDelivery(), http.RequestAborted);
        }
        catch (Exception e) when (CommandPolicies.IsRace(e))
        {
            outcome = CommandOutcome.Conflict(CommandPolicies.GaveUp);
        }

        return outcome.ToHttp(route.Created is { } created ? o => created.Replace("{id}", o.StreamId?.ToString(), StringComparison.Ordinal) : null);
    }

    public sealed record Binding<TCommand>(TCommand? Command, Rejection? Problem);

    /// <summary>
    /// The command from the route values and the body, read with the strict contract of
    /// <see cref="CommandJson"/>; the route decides the ids it names (a body may repeat them, equal).
    /// </summary>
    public static async Task<Binding<TCommand>> BindAsync<TCommand>(HttpContext http, HttpCommandAttribute? route)
    {
        ArgumentNullException.ThrowIfNull(http);
        JsonObject body;
        try
        {
            var node = http.Request.ContentLength is 0 || (http.Request.ContentLength is null && !http.Request.Headers.ContainsKey("Transfer-Encoding"))
                ? new JsonObject()
                : await JsonNode.ParseAsync(http.Request.Body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }, cancellationToken: http.RequestAborted);
            if (node is not JsonObject parsed)
            {
                var got = node is null ? "JSON null" : $"a JSON {node.GetValueKind().ToString().ToLowerInvariant()}";
                return Invalid<TCommand>(RejectionCodes.InvalidBody, $"The body is {got}; send one JSON object with the command's fields ({{}} when it has none).");
            }

            body = parsed;
        }
        catch (JsonException e)
        {
            return new(default, CommandJson.Describe(e, typeof(TCommand)));
        }

        foreach (var name in route is null ? [] : RouteNames(route))
        {
            var value = http.Request.RouteValues[name]?.ToString();
            if (!Guid.TryParse(value, out var routeId))
            {
                return Invalid<TCommand>(RejectionCodes.InvalidId, $"'{name}' in the path must be a UUID such as 0196a1c2-7c1e-7a10-9d2f-3c4b5a697801.");
            }

            var existing = body.Where(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (existing.Count > 0)
            {
                if (existing.Count > 1)
                {
                    return Invalid<TCommand>(RejectionCodes.DuplicateField, $"'{name}' is given more than once; send each field once.");
                }

                if (existing[0].Value is not JsonValue given || given.GetValueKind() != JsonValueKind.String
                    || !Guid.TryParse(given.GetValue<string>(), out var bodyId) || bodyId != routeId)
                {
                    return Invalid<TCommand>(RejectionCodes.InvalidBody, $"The body's {name} differs from the one in the path; leave it out of the body.");
                }

                body.Remove(existing[0].Key);
            }

            body[name] = routeId.ToString();
        }

        if (route?.ReasonMember is { } reasonMember
            && !body.Any(p => string.Equals(p.Key, reasonMember, StringComparison.OrdinalIgnoreCase))
            && http.Request.Headers.TryGetValue(HeaderRules.ReasonHeader, out var reason))
        {
            body[JsonNamingPolicy.CamelCase.ConvertName(reasonMember)] = reason.ToString();
        }

        try
        {
            return body.Deserialize<TCommand>(CommandJson.Options) is { } command
                ? new Binding<TCommand>(command, null)
                : Invalid<TCommand>(RejectionCodes.InvalidBody, "The body must be a JSON object with the command's fields.");
        }
        catch (JsonException e)
        {
            return new(default, CommandJson.Describe(e, typeof(TCommand), body));
        }
    }

    private static Binding<TCommand> Invalid<TCommand>(string code, string message) =>
        new(default, Rejection.Invalid(code, message));
}
