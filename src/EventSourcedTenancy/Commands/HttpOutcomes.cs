namespace EventSourcedTenancy.Commands;

/// <summary>How a command's outcome reads over HTTP: the outcome itself when accepted, ProblemDetails when not.</summary>
public static class HttpOutcomes
{
    public static IResult ToHttp(this CommandOutcome outcome, Func<CommandOutcome, string>? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Accepted)
        {
            return createdAt is not null && !outcome.Repeated && outcome.StreamId is not null
                ? Results.Created(createdAt(outcome), outcome)
                : Results.Ok(outcome);
        }

        var status = outcome.Kind switch
        {
            RejectionKind.Invalid => StatusCodes.Status400BadRequest,
            RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
            RejectionKind.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status409Conflict,
        };
        return Results.Problem(
            detail: outcome.Message,
            statusCode: status,
            title: Title(status),
            type: $"urn:eventsourcedtenancy:problem:{outcome.Code}",
            extensions: new Dictionary<string, object?> { ["code"] = outcome.Code });
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid",
        StatusCodes.Status403Forbidden => "Not allowed",
        StatusCodes.Status404NotFound => "Not found",
        _ => "Conflict with the current state",
    };
}
