namespace AuditReceiver;

/// <summary>
/// Usage: <c>AUDIT_STREAM_SECRET=&lt;the secret from the reply to CreateAuditStream&gt; dotnet run -- --urls http://127.0.0.1:5090</c>,
/// and create the stream with <c>"url": "http://127.0.0.1:5090/audit"</c> (https:// anywhere but this machine).
/// Prints each entry once, in order; <c>GET /audit</c> answers what was kept (count, last sequence, repeats dropped, the sequences).
/// </summary>
internal static class ReceiverProgram
{
    private static async Task<int> Main(string[] args)
    {
        var secret = Environment.GetEnvironmentVariable("AUDIT_STREAM_SECRET");
        if (string.IsNullOrWhiteSpace(secret))
        {
            await Console.Error.WriteLineAsync("Set AUDIT_STREAM_SECRET to the signing secret returned when the audit stream was created.");
            return 2;
        }

        var app = WebApplication.Create(args);
        var receiver = new Receiver(secret, TimeSpan.FromMinutes(5));
        app.MapPost("/audit", async (HttpRequest request) =>
        {
            var kept = receiver.Entries.Count;
            var result = await receiver.HandleAsync(request);
            foreach (var entry in receiver.Entries.Skip(kept))
            {
                Console.WriteLine($"{entry.GetProperty("sequence")} {entry.GetProperty("summary")}");
            }

            return result;
        });
        app.MapGet("/audit", () => Results.Ok(receiver.Summary()));
        await app.RunAsync();
        return 0;
    }
}
