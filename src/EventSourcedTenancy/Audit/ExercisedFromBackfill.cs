using EventSourcedTenancy.Hosting;
using Marten;
using Npgsql;

namespace EventSourcedTenancy.Audit;

/// <summary>
/// Fills <see cref="AuditEntry.ExercisedFrom"/> for entries projected before that column existed, at start-up (after
/// Marten has added the column): the entries whose actor's tenant is another than their stream's. The update reads the
/// whole trail, so it runs once per database: a <see cref="CompletedUpgrade"/> records that it did (an update cut
/// short runs again, changing only what it had not reached).
/// </summary>
public sealed class ExercisedFromBackfill(IDocumentStore store, ServiceSettings settings, ILogger<ExercisedFromBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.ConnectionString is null)
        {
            return;
        }

        try
        {
            await using (var query = store.QuerySession())
            {
                if (await query.LoadAsync<CompletedUpgrade>(CompletedUpgrade.ExercisedFrom, stoppingToken) is not null)
                {
                    return;
                }
            }

            var table = $"{store.Options.DatabaseSchemaName}.mt_doc_auditentry";
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(stoppingToken);
            await using var update = new NpgsqlCommand(
                $"update {table} set exercised_from = actor_tenant_id where exercised_from is null and actor_tenant_id <> tenant_id", connection);
            update.CommandTimeout = 0;
            var filled = await update.ExecuteNonQueryAsync(stoppingToken);
            if (filled > 0)
            {
                logger.LogInformation("Audit trail: marked {Count} entries of authority exercised on another tenant's streams (projected by an earlier version).", filled);
            }

            await using var session = store.LightweightSession();
            session.Store(new CompletedUpgrade { Id = CompletedUpgrade.ExercisedFrom });
            await session.SaveChangesAsync(stoppingToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning(e, "Audit trail: entries projected by an earlier version could not be marked; audit pages may miss authority exercised on other tenants' streams until the service restarts or the audit projection is rebuilt.");
        }
    }
}

/// <summary>An upgrade of stored data that has been carried out on this database.</summary>
public sealed record CompletedUpgrade
{
    /// <summary><see cref="ExercisedFromBackfill"/>.</summary>
    public const string ExercisedFrom = "audit-exercised-from";

    public string Id { get; init; } = string.Empty;
}
