using System.Text.Json;
using EventSourcedTenancy.Audit;
using EventSourcedTenancy.Tests.Infrastructure;
using Marten;
using Marten.Linq;
using Npgsql;

namespace EventSourcedTenancy.Tests.Audit;

/// <summary>
/// Every documented filter of the audit trail is read along an index that leads with what the filter fixes:
/// PostgreSQL's plan for each of the two ways an entry belongs to a tenant's trail has no sequential scan, reads
/// the index expected for the filter first (the tenant's, or a partial index of the entries exercised from it), and
/// never sorts the entries of a whole tenant (only the few a selective filter finds may be sorted); a time filter reads only the sequences between its bounds. The plans are taken over a trail of
/// 40,000 entries of 50 tenants written (and rolled back) in the test's own transaction, with fresh statistics.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class the_audit_query_plans(ServiceFixture fixture)
{
    private static readonly Guid Tenant = Deterministic("tenant-7");

    public static TheoryData<string, string, string> Filters => new()
    {
        // filter, the index of the tenant's own entries, the index of the entries where its authority was exercised
        { "none", "mt_doc_auditentry_idx_tenant_id_id", "mt_doc_auditentry_idx_exercised_from_id" },
        { "actor", "mt_doc_auditentry_idx_tenant_id_actor_id", "mt_doc_auditentry_idx_exercised_from_actor_id" },
        { "actingAs", "mt_doc_auditentry_idx_tenant_id_acting_as_id", "mt_doc_auditentry_idx_exercised_from_acting_as_id" },
        { "target", "mt_doc_auditentry_idx_tenant_id_target_id", "mt_doc_auditentry_idx_exercised_from_target_id" },
        { "operation (a command)", "mt_doc_auditentry_idx_tenant_id_operation_id", "mt_doc_auditentry_idx_exercised_from_operation_id" },
        { "operation (an event type)", "mt_doc_auditentry_idx_tenant_id_event_type_id", "mt_doc_auditentry_idx_exercised_from_event_type_id" },
        { "from and to", "mt_doc_auditentry_idx_tenant_id_id", "mt_doc_auditentry_idx_exercised_from_id" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task each_filter_reads_the_index_that_fixes_it(string filterName, string ownIndex, string exercisedIndex)
    {
        var filter = filterName switch
        {
            "none" => new AuditFilter(Tenant),
            "actor" => new AuditFilter(Tenant, Actor: Deterministic("account-3")),
            "actingAs" => new AuditFilter(Tenant, ActingAs: Deterministic("account-5")),
            "target" => new AuditFilter(Tenant, Target: Deterministic("account-11")),
            "operation (a command)" => new AuditFilter(Tenant, Operation: "ResetPassword"),
            "operation (an event type)" => new AuditFilter(Tenant, Operation: "PasswordResetRequested"),
            "from and to" => new AuditFilter(Tenant, From: DateTimeOffset.UtcNow.AddHours(-2), To: DateTimeOffset.UtcNow.AddHours(-1)),
            _ => throw new ArgumentOutOfRangeException(nameof(filterName)),
        };

        await using var session = fixture.Store.QuerySession();
        var table = $"{fixture.Store.Options.DatabaseSchemaName}.mt_doc_auditentry";
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var fill = new NpgsqlCommand(FillSql(table), connection, transaction))
        {
            await fill.ExecuteNonQueryAsync();
        }

        // A time filter reads only the sequences between its bounds (AuditFilter.SequenceRangeAsync): here entry g
        // was stored at now - (40,000 - g) s with sequence 1,000,000,000 + g; the bounds are taken an hour beyond each end
        // (the lateness assumed for an unmeasured trail, the widest the bounds get).
        var bounded = filter.From is not null;
        var branches = bounded ? filter.Branches(after: 1_000_000_000 + 40_000 - 3 * 3_600, upTo: 1_000_000_000 + 40_000) : filter.Branches(after: 1_000);
        branches.Count.ShouldBe(2);
        var indexes = new List<string>();
        foreach (var branch in branches)
        {
            IQueryable<AuditEntry> query = session.Query<AuditEntry>();
            foreach (var condition in branch)
            {
                query = query.Where(condition);
            }

            var command = query.OrderBy(x => x.Sequence).Take(100).ToCommand(FetchType.FetchMany);
            var plan = await ExplainAsync(connection, transaction, command);
            var nodes = Nodes(plan.RootElement[0].GetProperty("Plan")).ToList();
            nodes.ShouldNotContain(n => n.GetProperty("Node Type").GetString() == "Seq Scan", $"{filterName}: {plan.RootElement}");
            if (filterName is "none" or "operation (a command)" or "operation (an event type)" && indexes.Count == 0)
            {
                // Filters that match a large part of a tenant's own trail: read in sequence order, never sorted (the
                // entries exercised elsewhere are few, and PostgreSQL may sort those it finds).
                nodes.ShouldNotContain(n => n.GetProperty("Node Type").GetString() == "Sort", $"{filterName}: {plan.RootElement}");
            }

            // The first index read leads with the tenant and what the filter fixes (PostgreSQL may sort the few entries
            // a selective filter finds there).
            var scan = nodes.First(n => n.TryGetProperty("Index Name", out _));
            indexes.Add(scan.GetProperty("Index Name").GetString()!);
            if (bounded)
            {
                var condition = scan.GetProperty("Index Cond").GetString()!;
                condition.ShouldContain("id >", customMessage: $"{filterName}: {plan.RootElement}");
                condition.ShouldContain("id <=", customMessage: $"{filterName}: {plan.RootElement}");
            }
        }

        indexes.ShouldBe([ownIndex, exercisedIndex]);
    }

    /// <summary>
    /// 40,000 entries: 50 tenants, their own and others' authority (every fifth entry exercised from another tenant),
    /// 2,000 targets, 200 actors, one entry in a hundred under impersonation, four operations, one entry a second over
    /// the last eleven hours; then fresh statistics.
    /// </summary>
    private static string FillSql(string table) => $"""
        insert into {table} (id, data, mt_dotnet_type, tenant_id, actor_tenant_id, exercised_from, actor, acting_as, target, operation, event_type, "timestamp")
        select 1000000000 + g, '{"{}"}'::jsonb, 'EventSourcedTenancy.Audit.AuditEntry',
               md5('tenant-' || (g % 50))::uuid,
               md5('tenant-' || (case when g % 5 = 0 then (g / 5) % 50 else g % 50 end))::uuid,
               case when g % 5 = 0 and (g / 5) % 50 <> g % 50 then md5('tenant-' || ((g / 5) % 50))::uuid end,
               md5('account-' || (g % 200))::uuid,
               case when g % 100 = 0 then md5('account-' || (g % 10))::uuid end,
               md5('account-' || (g % 2000))::uuid,
               (array['ResetPassword', 'InviteAdmin', 'SetAdminInactive', 'CreateUser'])[g % 4 + 1],
               (array['PasswordResetRequested', 'AdminInvited', 'AccountSetInactive', 'UserCreated'])[g % 4 + 1],
               now() - make_interval(secs => 40000 - g)
        from generate_series(1, 40000) as g;
        analyze {table};
        """;

    private static async Task<JsonDocument> ExplainAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlCommand query)
    {
        await using var explain = new NpgsqlCommand("explain (format json) " + query.CommandText, connection, transaction);
        foreach (NpgsqlParameter parameter in query.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var json = (string)(await explain.ExecuteScalarAsync())!;
        return JsonDocument.Parse(json);
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }

    /// <summary>The id PostgreSQL's <c>md5(text)::uuid</c> gives, so the filters name ids of the generated rows.</summary>
    private static Guid Deterministic(string text)
    {
        var hex = Convert.ToHexString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        return Guid.Parse(hex);
    }
}
