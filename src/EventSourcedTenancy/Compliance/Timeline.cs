using System.Text.Json;
using System.Text.Json.Serialization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Erasure;
using EventSourcedTenancy.Tenants;
using JsonDiffPatchDotNet;
using Marten;
using Newtonsoft.Json.Linq;

namespace EventSourcedTenancy.Compliance;

/// <summary>
/// One change in a stream's history: the event, who caused it and on whose authority (the audit
/// envelope), the state before and after, and the field-level difference between them.
/// </summary>
public sealed record TimelineStep(
    long Version,
    DateTimeOffset Timestamp,
    string Event,
    Guid? Actor,
    Guid? ActingAs,
    string? Role,
    string? Source,
    string? Reason,
    string? CorrelationId,
    JsonElement? Before,
    JsonElement After,
    JsonElement? Difference);

/// <summary>The ordered changes to a tenant or an account between two moments (both optional).</summary>
public static class Timeline
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>An erased account's timeline shows its history with the personal data masked (<see cref="PersonalData"/>).</summary>
    public static async Task<IReadOnlyList<TimelineStep>> OfAccountAsync(IQuerySession session, Guid id, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellation) =>
        await StepsAsync(session, id, await PersonalData.FoldForReadsAsync(session, id, cancellation), from, to, cancellation);

    /// <summary>An application's timeline shows which secrets it had, never their hashes.</summary>
    public static Task<IReadOnlyList<TimelineStep>> OfApplicationAsync(IQuerySession session, Guid id, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellation) =>
        StepsAsync<Applications.Application>(session, id, (state, e) => WithoutHashes(Applications.Application.Fold(state, e)), from, to, cancellation);

    public static Applications.Application WithoutHashes(Applications.Application application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application with { Secrets = [.. application.Secrets.Select(s => s with { Hash = string.Empty })] };
    }

    public static Task<IReadOnlyList<TimelineStep>> OfTenantAsync(IQuerySession session, Guid id, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellation) =>
        StepsAsync<Tenant>(session, id, Tenant.Fold, from, to, cancellation);

    private static async Task<IReadOnlyList<TimelineStep>> StepsAsync<T>(
        IQuerySession session, Guid id, Func<T?, object, T> fold, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellation)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        var steps = new List<TimelineStep>();
        var differ = new JsonDiffPatch();
        T? state = null;
        foreach (var e in events)
        {
            if (to is { } end && e.Timestamp > end)
            {
                break;
            }

            var before = state;
            state = fold(state, e.Data);
            if (from is { } start && e.Timestamp < start)
            {
                continue;
            }

            var beforeJson = before is null ? null : JsonSerializer.Serialize(before, Json);
            var afterJson = JsonSerializer.Serialize(state, Json);
            var difference = beforeJson is null ? null : differ.Diff(JToken.Parse(beforeJson), JToken.Parse(afterJson));
            steps.Add(new TimelineStep(
                e.Version, e.Timestamp, e.Data.GetType().Name,
                Header(e.Headers, AuditEnvelope.Actor) is { } actor && Guid.TryParse(actor, out var a) ? a : null,
                Header(e.Headers, AuditEnvelope.ActingAs) is { } actingAs && Guid.TryParse(actingAs, out var b) ? b : null,
                Header(e.Headers, AuditEnvelope.Role),
                Header(e.Headers, AuditEnvelope.Source),
                Header(e.Headers, AuditEnvelope.Reason),
                e.CorrelationId,
                beforeJson is null ? null : JsonDocument.Parse(beforeJson).RootElement.Clone(),
                JsonDocument.Parse(afterJson).RootElement.Clone(),
                difference is null ? null : JsonDocument.Parse(difference.ToString(Newtonsoft.Json.Formatting.None)).RootElement.Clone()));
        }

        return steps;
    }

    private static string? Header(Dictionary<string, object>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? value?.ToString() : null;
}
