using System.Text;
using Npgsql;

namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>Searches every column of every table of the database for a value: as text in text and JSON, as UTF-8 bytes in binary columns.</summary>
public static class DatabaseScan
{
    /// <summary>"schema.table.column" of every column that holds <paramref name="value"/>.</summary>
    public static async Task<IReadOnlyList<string>> WhereAsync(string connectionString, string value)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand(
            """
            select c.table_schema, c.table_name, c.column_name, c.data_type
            from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
            where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var found = new List<string>();
        foreach (var (schema, table, column, type) in columns)
        {
            var name = $"\"{schema}\".\"{table}\"";
            var condition = type == "bytea" ? $"position(@bytes in \"{column}\") > 0" : $"strpos(\"{column}\"::text, @text) > 0";
            await using var probe = new NpgsqlCommand($"select exists (select 1 from {name} where {condition})", connection);
            probe.Parameters.AddWithValue("bytes", Encoding.UTF8.GetBytes(value));
            probe.Parameters.AddWithValue("text", value);
            if ((bool)(await probe.ExecuteScalarAsync())!)
            {
                found.Add($"{schema}.{table}.{column}");
            }
        }

        return found;
    }
}
