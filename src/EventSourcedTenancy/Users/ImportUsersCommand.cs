using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Identity;
using EventSourcedTenancy.Rules;
using JasperFx.CommandLine;

namespace EventSourcedTenancy.Users;

public sealed class ImportUsersInput : NetCoreInput
{
    [Description("The tenant the accounts are created in (its id)")]
    [FlagAlias("tenant")]
    public string TenantFlag { get; set; } = string.Empty;

    [Description("A CSV file with a header row naming email, firstName and lastName (other columns are ignored, so an export can be imported), or an NDJSON file of {email, firstName, lastName}")]
    [FlagAlias("file")]
    public string FileFlag { get; set; } = string.Empty;

    [Description("The bearer token of the account that imports (or the environment variable TENANCY_TOKEN)")]
    [FlagAlias("token")]
    public string? TokenFlag { get; set; }

    [Description("Accounts per command, 1 to 5,000 (default 1,000)")]
    [FlagAlias("batch")]
    public int BatchFlag { get; set; } = 1000;
}

/// <summary>
/// Imports a file of user accounts into a tenant as ImportUsers commands of a batch each, through the same handler as
/// HTTP and the bus, for the account whose token it is given. Each batch's idempotency key is derived from the tenant
/// and the batch's rows, so running the same file again (with the same --batch) after an interruption or a correction
/// skips the batches that were imported (answered as repeats) and imports the rest.
/// </summary>
[Description("Imports user accounts from a CSV or NDJSON file, in batches of one command each; progress on standard error", Name = "import-users")]
public sealed class ImportUsersCommand : JasperFxAsyncCommand<ImportUsersInput>
{
    public ImportUsersCommand()
    {
        Usage("Import user accounts");
    }

    public override async Task<bool> Execute(ImportUsersInput input)
    {
        if (!Guid.TryParse(input.TenantFlag, out var tenantId) || tenantId == Guid.Empty)
        {
            return await FailAsync($"'{input.TenantFlag}' is not a tenant id: pass --tenant <id> (a GUID).");
        }

        if (input.BatchFlag is < 1 or > ImportUsers.MaxUsers)
        {
            return await FailAsync($"--batch is from 1 to {ImportUsers.MaxUsers:N0}.");
        }

        if (!File.Exists(input.FileFlag))
        {
            return await FailAsync($"There is no file '{input.FileFlag}': pass --file <path to a .csv or .ndjson file>.");
        }

        var token = input.TokenFlag ?? Environment.GetEnvironmentVariable("TENANCY_TOKEN");
        using var host = input.BuildHost();
        Guid? actor;
        string? service;
        Rejection? refused;
        try
        {
            (actor, service, refused) = await host.Services.GetRequiredService<BusAuthentication>().AuthenticateAsync($"Bearer {token}", null);
        }
        catch (InvalidOperationException e)
        {
            // No signing key configured: the message says which setting to give.
            return await FailAsync($"Not imported: {e.Message}");
        }

        if (refused is not null || actor is null)
        {
            return await FailAsync($"Not imported: {refused?.Message ?? "the token names no account."} Pass --token <bearer token> or set TENANCY_TOKEN.");
        }

        var bytes = await File.ReadAllBytesAsync(input.FileFlag);
        var (rows, problem) = Parse(bytes, input.FileFlag);
        if (problem is not null)
        {
            return await FailAsync($"Not imported: {problem}");
        }

        var fileId = Convert.ToHexString(SHA256.HashData(bytes))[..32];
        var clock = Stopwatch.StartNew();
        var imported = 0;
        var repeated = 0;
        for (var offset = 0; offset < rows.Count; offset += input.BatchFlag)
        {
            var batch = rows.Skip(offset).Take(input.BatchFlag).ToList();
            // The key is the batch's own rows: a batch imported before is answered as a repeat even after other rows
            // of the file were corrected.
            var key = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(
                $"{tenantId}\n{string.Join('\n', batch.Select(u => $"{u.Email}\t{u.FirstName}\t{u.LastName}"))}"))[..16]);
            var metadata = new CommandMetadata(actor, null, service ?? "import-users", CommandSource.CommandLine, key, $"import-{fileId}", null, null, null);
            var outcome = await LocalCommands.RunAsync(host.Services, new ImportUsers(tenantId, batch), metadata);
            if (outcome is { Accepted: false, Code: RejectionCodes.ConcurrentChange })
            {
                return await FailAsync(
                    $"Stopped at the batch of rows {offset + 1} to {offset + batch.Count}: {outcome.Message} {imported:N0} accounts were imported before it; "
                    + "run the same command again (the batches imported before are skipped).");
            }

            if (!outcome.Accepted)
            {
                return await FailAsync(
                    $"Stopped at the batch of rows {offset + 1} to {offset + batch.Count} (users[i] is row {offset + 1} + i): {outcome.Code}: {outcome.Message} "
                    + $"{imported:N0} accounts were imported before it; correct the file and run the same command again.");
            }

            imported += outcome.Repeated ? 0 : batch.Count;
            repeated += outcome.Repeated ? batch.Count : 0;
            var done = offset + batch.Count;
            await Console.Error.WriteLineAsync(
                $"{done:N0} of {rows.Count:N0} rows ({100.0 * done / rows.Count:N0}%), {done / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} rows/s{(outcome.Repeated ? ", this batch was imported before" : string.Empty)}");
        }

        await Console.Error.WriteLineAsync(
            $"Imported {imported:N0} accounts into tenant {tenantId} in {clock.Elapsed.TotalSeconds:N1} s{(repeated > 0 ? $" ({repeated:N0} rows were imported by an earlier run)" : string.Empty)}.");
        return true;
    }

    private static async Task<bool> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync(message);
        return false;
    }

    /// <summary>The rows of a CSV file with a header (email, firstName, lastName among its columns) or of an NDJSON file.</summary>
    public static (List<ImportedUser> Rows, string? Problem) Parse(byte[] content, string name)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(content).TrimStart('\uFEFF');
        var rows = new List<ImportedUser>();
        if (name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            var line = 0;
            foreach (var record in text.Split('\n'))
            {
                line++;
                if (string.IsNullOrWhiteSpace(record))
                {
                    continue;
                }

                try
                {
                    using var json = JsonDocument.Parse(record);
                    rows.Add(new ImportedUser(Member(json, "email"), Member(json, "firstName"), Member(json, "lastName")));
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    return (rows, $"line {line} is not a JSON object with email, firstName and lastName strings.");
                }
            }

            return (rows, null);
        }

        var records = Exports.CsvRecords(text).ToList();
        if (records.Count == 0)
        {
            return (rows, "the file is empty.");
        }

        var header = records[0].Select(h => h.Trim()).ToList();
        int Column(string column) => header.FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
        var (email, first, last) = (Column("email"), Column("firstName"), Column("lastName"));
        if (email < 0 || first < 0 || last < 0)
        {
            return (rows, "the CSV header must name the columns email, firstName and lastName.");
        }

        for (var i = 1; i < records.Count; i++)
        {
            var record = records[i];
            if (record is [""])
            {
                continue;
            }

            if (record.Count != header.Count)
            {
                return (rows, $"record {i + 1} has {record.Count} fields; the header has {header.Count}.");
            }

            rows.Add(new ImportedUser(Exports.CsvValue(record[email]), Exports.CsvValue(record[first]), Exports.CsvValue(record[last])));
        }

        return (rows, null);
    }

    private static string Member(JsonDocument json, string name) =>
        json.RootElement.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value.GetString()
        ?? throw new InvalidOperationException($"{name} is null.");
}
