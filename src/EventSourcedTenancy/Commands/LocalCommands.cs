using Marten;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// Commands run by the command line (install, seed-demo) on a host that is built but not started: the same
/// handler as over HTTP and the bus, in a session this method commits.
/// </summary>
public static class LocalCommands
{
    public static async Task<CommandOutcome> RunAsync<TCommand>(IServiceProvider services, TCommand command, CommandMetadata metadata, CancellationToken cancellation = default)
        where TCommand : ITenancyCommand
    {
        ArgumentNullException.ThrowIfNull(services);
        var store = services.GetRequiredService<IDocumentStore>();
        var loader = services.GetRequiredService<CommandLoader>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TCommand));
        // A race lost between the read and the commit (another process changed a stream, or claimed an email, first)
        // is decided again from a fresh read after the same growing pauses as over HTTP and the bus (CommandPolicies);
        // still losing after the last, the caller gets concurrent_change, not an exception.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                var outcome = await CommandHandler<TCommand>.RunAsync(command, metadata, session, loader, logger, cancellation);
                await session.SaveChangesAsync(cancellation);
                return outcome;
            }
            catch (Exception e) when (CommandPolicies.IsRace(e))
            {
                if (attempt == CommandPolicies.Pauses.Length)
                {
                    return CommandOutcome.Conflict(CommandPolicies.GaveUp);
                }

                await Task.Delay(CommandPolicies.Pauses[attempt], cancellation);
            }
        }
    }
}
