using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Compliance;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tenants;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;

namespace EventSourcedTenancy.Erasure;

/// <summary>
/// Carries out an erasure after <see cref="AccountErased"/> is committed, through the async daemon (so it is
/// retried until done, and done once): masks the personal data in the account's stored events, then removes
/// in-flight and dead-lettered messages that still carry the account's email address (queued integration
/// events, kept inbox envelopes). Documents need nothing: the account and user rows fold the erasure
/// themselves.
/// </summary>
public sealed class ErasureSubscription(ServiceSettings settings, ILogger<ErasureSubscription> logger) : SubscriptionBase
{
    /// <summary>How long after the first removal of stored messages the second one runs.</summary>
    public static readonly TimeSpan SecondPassAfter = TimeSpan.FromSeconds(2);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var erased in page.Events.Select(e => e.Data).OfType<AccountErased>())
        {
            // The store comes from the daemon's session: the store itself owns this subscription.
            await EraseAsync(operations.DocumentStore, erased.AccountId, cancellationToken);

            // Snapshots of the account's history hold its personal data too.
            operations.DeleteWhere<AccountSnapshot>(s => s.AccountId == erased.AccountId);
        }

        return NullChangeListener.Instance;
    }

    private async Task EraseAsync(IDocumentStore store, Guid accountId, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var events = await query.Events.FetchStreamAsync(accountId, token: cancellation);
        var emails = PersonalData.ValuesIn(events.Select(e => e.Data)).Where(v => v.Contains('@', StringComparison.Ordinal)).ToList();

        await store.Advanced.ApplyEventDataMasking(
            masking =>
            {
                masking.IncludeStream(accountId);
                masking.AddHeader(PersonalData.ErasedHeader, true);
            },
            cancellation);

        // A tenant whose billing contact was this person: its policy events and its document lose the address.
        var billed = (await query.Query<Tenant>().Where(t => t.Policy.Billing != null).ToListAsync(cancellation))
            .Where(t => t.Policy.Billing?.InvoiceEmail is { } invoice && emails.Any(e => string.Equals(e, invoice, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        foreach (var tenant in billed)
        {
            await store.Advanced.ApplyEventDataMasking(
                masking =>
                {
                    masking.IncludeStream(tenant.Id);
                    masking.AddHeader(PersonalData.ErasedHeader, true);
                },
                cancellation);
            await using var session = store.LightweightSession();
            session.Store(PersonalData.WithoutBillingContact(tenant));
            await session.SaveChangesAsync(cancellation);
        }

        // A message the outbox relay read before the first pass may land in a queue table after it: a second pass
        // once the relay has had time to finish catches it.
        var removed = await RemoveMessagesCarryingAsync(emails, cancellation);
        if (emails.Count > 0 && SecondPassAfter > TimeSpan.Zero)
        {
            await Task.Delay(SecondPassAfter, cancellation);
            removed += await RemoveMessagesCarryingAsync(emails, cancellation);
        }

        logger.LogInformation(
            "Erased account {AccountId}: masked its events and the billing contact of {Tenants} tenants, removed {Messages} stored messages that carried its email",
            accountId, billed.Count, removed);
    }

    private async Task<int> RemoveMessagesCarryingAsync(IReadOnlyList<string> values, CancellationToken cancellation)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellation);
        var tables = new List<(string Schema, string Table, string Column, string Type)>();
        await using (var find = new NpgsqlCommand(
            """
            select table_schema, table_name, column_name, data_type from information_schema.columns
            where table_schema = any(@schemas)
              and ((column_name = 'body' and data_type = 'bytea') or (table_name in ('mt_doc_envelope', 'mt_doc_deadletterevent') and column_name = 'data'))
            """, connection))
        {
            find.Parameters.AddWithValue("schemas", new[] { settings.MessageStorageSchema, settings.QueueSchema, settings.EventStoreSchema });
            await using var reader = await find.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                tables.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        // Any spelling a message may carry: any case, and '+' written as \u002B by a JSON encoder. Binary bodies are
        // searched as escape-encoded text, where a backslash reads as two.
        var removed = 0;
        foreach (var (schema, table, column, type) in tables)
        {
            var match = type == "bytea"
                ? $"strpos(lower(encode(\"{column}\", 'escape')), @value) > 0"
                : $"strpos(lower(\"{column}\"::text), @value) > 0";
            foreach (var value in values.SelectMany(v => Spellings(v, binary: type == "bytea")).Distinct())
            {
                await using var delete = new NpgsqlCommand($"delete from \"{schema}\".\"{table}\" where {match}", connection);
                delete.Parameters.AddWithValue("value", value);
                removed += await delete.ExecuteNonQueryAsync(cancellation);
            }
        }

        return removed;
    }

    /// <summary>The lower-case spellings of a value as stored text or as escape-encoded binary may hold it.</summary>
    public static IEnumerable<string> Spellings(string value, bool binary)
    {
        ArgumentNullException.ThrowIfNull(value);
        var lower = value.ToLowerInvariant();
        yield return lower;
        if (lower.Contains('+', StringComparison.Ordinal))
        {
            yield return lower.Replace("+", binary ? "\\\\u002b" : "\\u002b", StringComparison.Ordinal);
        }
    }
}
