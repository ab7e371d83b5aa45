using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>
/// Every log line the test host writes at Information and above, as an operator's log file would hold it
/// (message, structured values, exception), so a test can prove what never reaches the logs.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private const int MaxLines = 500_000;

    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        if (lines.Count < MaxLines)
        {
            lines.Enqueue(line);
        }
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            logs.Add($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
