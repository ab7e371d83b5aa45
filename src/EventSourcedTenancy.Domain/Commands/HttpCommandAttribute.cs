namespace EventSourcedTenancy.Commands;

/// <summary>
/// Where a command is accepted over HTTP. The route's placeholders name the command's members (camel
/// case); the request body carries the rest of the command as JSON. The service maps one endpoint per
/// command from this attribute, and lists it in the OpenAPI document under <see cref="Summary"/>.
/// </summary>
/// <param name="method">POST, PUT or DELETE.</param>
/// <param name="route">The route template, e.g. "/accounts/{accountId}/role".</param>
/// <param name="summary">One sentence for the API reference.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HttpCommandAttribute(string method, string route, string summary) : Attribute
{
    public string Method { get; } = method;

    public string Route { get; } = route;

    public string Summary { get; } = summary;

    /// <summary>For a command that creates something: the location of the created resource, "{id}" standing for the new stream's id.</summary>
    public string? Created { get; init; }

    /// <summary>The largest request body the endpoint takes; other commands are small (RequestEdge.MaxRequestBodyBytes).</summary>
    public long MaxBodyBytes { get; init; }

    /// <summary>A member of the command that, when the body leaves it out, is taken from the X-Reason header.</summary>
    public string? ReasonMember { get; init; }
}
