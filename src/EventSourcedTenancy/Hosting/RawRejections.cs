using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// Kestrel refuses a few requests before any application code runs (a NUL, %00, in the request target, a
/// request line over its limit, malformed framing) and answers them itself with an empty body. This
/// connection filter gives those answers the same ProblemDetails body every other error has: it recognises
/// Kestrel's own refusal (a 4xx with <c>Content-Length: 0</c> followed by <c>Connection: close</c>, the last
/// thing written on the connection) in the bytes going out, and adds the body. Everything else passes unchanged.
/// </summary>
public static partial class RawRejections
{
    public static void Use(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => async connection =>
        {
            var original = connection.Transport;
            var outgoing = new Pipe();
            connection.Transport = new Duplex(original.Input, outgoing.Writer);
            var pump = PumpAsync(outgoing.Reader, original.Output);
            try
            {
                await next(connection);
            }
            finally
            {
                await outgoing.Writer.CompleteAsync();
                await pump;
                connection.Transport = original;
            }
        });
    }

    private static async Task PumpAsync(PipeReader reader, PipeWriter output)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    if (buffer.Length <= 1024 && Rewrite(buffer.ToArray()) is { } rewritten)
                    {
                        await output.WriteAsync(rewritten);
                    }
                    else
                    {
                        foreach (var segment in buffer)
                        {
                            await output.WriteAsync(segment);
                        }
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or InvalidOperationException or ObjectDisposedException)
        {
            // The peer went away; there is nobody left to answer.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Kestrel's refusal with a ProblemDetails body, or null when <paramref name="bytes"/> are anything else.</summary>
    public static byte[]? Rewrite(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = Encoding.ASCII.GetString(bytes);
        var refusal = KestrelRefusal().Match(text);
        if (!refusal.Success || !text.EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            return null;
        }

        var status = int.Parse(refusal.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var (code, detail) = status switch
        {
            414 => ("target_too_long", "The request line is too long; send a shorter path and query."),
            431 => ("headers_too_large", "The request headers are too large; send fewer or shorter headers."),
            _ => ("malformed_request",
                "The request could not be read: the request line or framing is malformed (for example a NUL character, %00, in the path). Fix the request; ids in paths are UUIDs."),
        };
        var body = Encoding.UTF8.GetBytes(
            $"{{\"type\":\"urn:eventsourcedtenancy:problem:{code}\",\"title\":\"The request is not valid\",\"status\":{status},\"detail\":\"{detail}\",\"code\":\"{code}\"}}");
        var head = text[..refusal.Index] + refusal.Value.Replace(
            "Content-Length: 0\r\n", $"Content-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n", StringComparison.Ordinal)
            + text[(refusal.Index + refusal.Length)..];
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    [GeneratedRegex(@"HTTP/1\.1 (?<status>4\d\d) [^\r\n]*\r\nContent-Length: 0\r\nConnection: close\r\n")]
    private static partial Regex KestrelRefusal();

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
