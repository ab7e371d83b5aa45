using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
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
        var endpoint = app.MapMethods(http.Route, [http.Method], (HttpContext context, IMessageBus bus, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
                HandleAsync<TCommand>(context, bus, json.Value.SerializerOptions, http))
            .WithName(typeof(TCommand).Name)
            .WithTags(CommandCatalog.GroupOf(typeof(TCommand)))
            .WithSummary(http.Summary)
            .RequireAuthorization()
            .Produces<CommandOutcome>(http.Created is null ? StatusCodes.Status200OK : StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
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

    private static async Task<IResult> HandleAsync<TCommand>(HttpContext http, IMessageBus bus, JsonSerializerOptions json, HttpCommandAttribute route)
        where TCommand : ITenancyCommand
    {
        var bound = await BindAsync<TCommand>(http, json, route);
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

    private sealed record Binding<TCommand>(TCommand? Command, Rejection? Problem);

    /// <summary>The command from the route values and the body; the route decides the ids it names.</summary>
    private static async Task<Binding<TCommand>> BindAsync<TCommand>(HttpContext http, JsonSerializerOptions json, HttpCommandAttribute route)
    {
        JsonObject body;
        try
        {
            var node = http.Request.ContentLength is 0 || (http.Request.ContentLength is null && !http.Request.Headers.ContainsKey("Transfer-Encoding"))
                ? new JsonObject()
                : await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            if (node is not JsonObject parsed)
            {
                return Invalid<TCommand>("The body must be a JSON object with the command's fields.");
            }

            body = parsed;
        }
        catch (JsonException e)
        {
            return Invalid<TCommand>($"The body is not valid JSON: {e.Message}");
        }

        foreach (var name in RouteNames(route))
        {
            var value = http.Request.RouteValues[name]?.ToString();
            var existing = body.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
            if (existing.Key is not null)
            {
                if (!string.Equals(existing.Value?.ToString(), value, StringComparison.OrdinalIgnoreCase))
                {
                    return Invalid<TCommand>($"The body's {name} differs from the one in the path; leave it out of the body.");
                }

                body.Remove(existing.Key);
            }

            body[name] = value;
        }

        if (route.ReasonMember is { } reasonMember
            && !body.Any(p => string.Equals(p.Key, reasonMember, StringComparison.OrdinalIgnoreCase))
            && http.Request.Headers.TryGetValue("X-" + BusHeaders.Reason, out var reason))
        {
            body[JsonNamingPolicy.CamelCase.ConvertName(reasonMember)] = reason.ToString();
        }

        try
        {
            return body.Deserialize<TCommand>(json) is { } command
                ? new Binding<TCommand>(command, null)
                : Invalid<TCommand>("The body must be a JSON object with the command's fields.");
        }
        catch (JsonException e)
        {
            return Invalid<TCommand>($"The body does not fit the command: {e.Message}");
        }
        catch (FormatException e)
        {
            return Invalid<TCommand>($"A value in the path or body is malformed: {e.Message}");
        }
    }

    private static Binding<TCommand> Invalid<TCommand>(string message) =>
        new(default, Rejection.Invalid("invalid_body", message));
}
