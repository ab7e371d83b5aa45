namespace EventSourcedTenancy.Hosting;

/// <summary>The formats a bulk export is written in.</summary>
public enum ExportFormat
{
    /// <summary>RFC 4180 with a header row.</summary>
    Csv,

    /// <summary>One JSON object a line.</summary>
    Ndjson,
}

/// <summary>What the audit trail and user exports share: the format names, media types and CSV fields.</summary>
public static class Exports
{
    /// <summary>csv, or ndjson (also jsonl), in any case.</summary>
    public static bool TryParseFormat(string? text, out ExportFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "csv":
                format = ExportFormat.Csv;
                return true;
            case "ndjson" or "jsonl":
                format = ExportFormat.Ndjson;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "ndjson";

    /// <summary>
    /// One CSV field (RFC 4180): a value with a comma, quote or line break is quoted, quotes doubled. A value that a
    /// spreadsheet would run as a formula (it starts, after any apostrophes, with =, +, -, @, a tab or a carriage
    /// return: a display name such as <c>=HYPERLINK(...)</c>) gets one more leading apostrophe, which spreadsheets
    /// show as text; <see cref="CsvValue"/> takes it off again, so an export imports as it was.
    /// </summary>
    public static string CsvField(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = LooksLikeFormula(value) ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }

    /// <summary>The value of a field <see cref="CsvField"/> wrote: the apostrophe that kept a formula from running comes off.</summary>
    public static string CsvValue(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.StartsWith('\'') && LooksLikeFormula(field) ? field[1..] : field;
    }

    private static bool LooksLikeFormula(string value)
    {
        var rest = value.AsSpan().TrimStart('\'');
        return !rest.IsEmpty && "=+-@\t\r".Contains(rest[0]);
    }

    /// <summary>The records of CSV text (RFC 4180, as <see cref="CsvField"/> writes it): quoted fields may hold commas, quotes and line breaks.</summary>
    public static IEnumerable<List<string>> CsvRecords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                yield return record;
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}
