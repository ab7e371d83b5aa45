using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Federation;
using EventSourcedTenancy.Tenants;
using Marten;

namespace EventSourcedTenancy.AuditStreaming;

/// <summary>Where an audit stream stands: what it delivered last, and its last failure.</summary>
public sealed record AuditStreamProgress
{
    /// <summary>The audit stream's id.</summary>
    public Guid Id { get; init; }

    /// <summary>The sequence of the last entry the webhook acknowledged (2xx); 0 before the first.</summary>
    public long LastDeliveredSequence { get; init; }

    public DateTimeOffset? LastDeliveredAt { get; init; }

    public long Delivered { get; init; }

    /// <summary>Failures since the last delivery; the wait before the next try doubles with each, up to the maximum.</summary>
    public int Failures { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }
}

/// <summary>The body of one delivery: the entries after the stream's last delivered one, in sequence order.</summary>
public sealed record AuditStreamBatch(Guid AuditStreamId, Guid TenantId, IReadOnlyList<AuditEntry> Entries);

public sealed class AuditStreamingSettings
{
    /// <summary>How often an idle stream looks for new entries.</summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries while a webhook fails.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Entries per delivery.</summary>
    public int BatchSize { get; init; } = 500;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Sends each audit stream's entries to its webhook (docs/audit-streaming.md): the entries of the tenant and its
/// subtree after the last acknowledged one, in sequence order, in signed batches; a failure waits (1 s doubling up
/// to <see cref="AuditStreamingSettings.MaxBackoff"/>) and the same entries are sent again, so delivery is at least
/// once and resumes where it stopped, across restarts (the progress is a document).
/// </summary>
public sealed class AuditStreamDelivery(
    IDocumentStore store, SecretSealer sealer, IHttpClientFactory clients, AuditStreamingSettings settings, TimeProvider clock, ILogger<AuditStreamDelivery> logger)
    : BackgroundService
{
    public const string HttpClientName = "audit-streaming";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = false;
            try
            {
                sent = await DeliverOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Audit streaming could not look for entries; it tries again in {Interval}.", settings.PollingInterval);
            }

            if (!sent)
            {
                try
                {
                    await Task.Delay(settings.PollingInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round over every stream that is due; true when some stream sent a batch (there may be more).</summary>
    public async Task<bool> DeliverOnceAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var tenants = await session.Query<Tenant>().Where(t => t.AuditStreams.Any() && !t.IsDeleted).ToListAsync(cancellation);
        var sent = false;
        foreach (var tenant in tenants)
        {
            foreach (var stream in tenant.AuditStreams.Where(s => !s.Paused))
            {
                sent |= await DeliverAsync(session, tenant, stream, cancellation);
            }
        }

        return sent;
    }

    private async Task<bool> DeliverAsync(IQuerySession session, Tenant tenant, AuditStream stream, CancellationToken cancellation)
    {
        var progress = await session.LoadAsync<AuditStreamProgress>(stream.Id, cancellation) ?? new AuditStreamProgress { Id = stream.Id };
        var now = clock.GetUtcNow();
        if (progress.NextAttemptAt is { } next && next > now)
        {
            return false;
        }

        var subtree = await AuditStreamQueries.SubtreeAsync(session, tenant.Id, cancellation);
        var entries = await AuditStreamQueries.EntriesAfter(session, subtree, progress.LastDeliveredSequence).Take(settings.BatchSize).ToListAsync(cancellation);
        if (entries.Count == 0 || await session.LoadAsync<SealedSecret>(stream.Id, cancellation) is not { } sealedSecret)
        {
            return false;
        }

        var body = JsonSerializer.Serialize(new AuditStreamBatch(stream.Id, tenant.Id, entries), Json);
        var timestamp = now.ToUnixTimeSeconds();
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, stream.Url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add(AuditStreamSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(AuditStreamSignature.SignatureHeader, AuditStreamSignature.Sign(sealer.Unseal(sealedSecret), timestamp, body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(settings.Timeout);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            error = response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? $"no answer within {settings.Timeout.TotalSeconds:0} s" : e.Message;
        }

        await using var write = store.LightweightSession();
        if (error is null)
        {
            write.Store(progress with
            {
                LastDeliveredSequence = entries[^1].Sequence,
                LastDeliveredAt = now,
                Delivered = progress.Delivered + entries.Count,
                Failures = 0,
                NextAttemptAt = null,
            });
        }
        else
        {
            var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(progress.Failures, 16)), settings.MaxBackoff.TotalSeconds));
            logger.LogWarning("Audit stream {Stream} of tenant {Tenant}: the webhook failed ({Error}); trying again in {Wait}.", stream.Id, tenant.Id, error, wait);
            write.Store(progress with { Failures = progress.Failures + 1, LastError = error, LastErrorAt = now, NextAttemptAt = now + wait });
        }

        await write.SaveChangesAsync(cancellation);
        return error is null;
    }
}

public static class AuditStreamingRegistration
{
    /// <summary>The delivery of audit streams, with its settings (<c>AuditStreaming:*</c>, docs/audit-streaming.md).</summary>
    public static IServiceCollection AddAuditStreaming(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection("AuditStreaming").Get<AuditStreamingSettings>() ?? new AuditStreamingSettings();
        if (settings.PollingInterval <= TimeSpan.Zero || settings.MaxBackoff < TimeSpan.FromSeconds(1) || settings.BatchSize is < 1 or > 5000 || settings.Timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                "AuditStreaming settings are out of range: PollingInterval and Timeout above zero, MaxBackoff at least 1 second, BatchSize between 1 and 5000.");
        }

        services.AddSingleton(settings);
        services.AddHttpClient(AuditStreamDelivery.HttpClientName);
        services.AddHostedService<AuditStreamDelivery>();
        return services;
    }
}
