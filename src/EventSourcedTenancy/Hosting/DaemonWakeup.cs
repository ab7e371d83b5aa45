using System.Diagnostics;
using JasperFx.Events.Daemon.HighWater;
using Marten;
using Marten.Services;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// Wakes the async daemon's high-water agent as soon as a session of this process commits events, so the
/// read models and the integration events follow a command at once; between commits an idle daemon looks for
/// events written by other processes only every <see cref="ServiceSettings.DaemonIdlePollingInterval"/>
/// (Marten's default is every second: most of an idle service's statements against PostgreSQL). Under load the
/// agent still looks at most once per <paramref name="busyInterval"/>, so that one look takes many commands'
/// events instead of each commit paying a look of its own.
/// </summary>
public sealed class DaemonWakeup(TimeSpan busyInterval) : DocumentSessionListenerBase, IDaemonWakeup
{
    // At most one pending signal: commits between two waits wake the next wait once.
    private readonly SemaphoreSlim signal = new(0, 1);
    private long lastLook;

    public async Task WaitAsync(TimeSpan timeout, CancellationToken token)
    {
        if (await signal.WaitAsync(timeout, token).ConfigureAwait(false))
        {
            var since = Stopwatch.GetElapsedTime(Interlocked.Read(ref lastLook));
            if (since < busyInterval)
            {
                await Task.Delay(busyInterval - since, token).ConfigureAwait(false);
            }
        }

        Interlocked.Exchange(ref lastLook, Stopwatch.GetTimestamp());
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.GetEvents().Any())
        {
            Pulse();
        }

        return Task.CompletedTask;
    }

    public void Pulse()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending.
        }
    }

    /// <summary>
    /// Releases nothing: the daemon may dispose its wakeup when it stops and start again with the same one, and the
    /// semaphore holds no wait handle unless one is asked for.
    /// </summary>
    public void Dispose()
    {
    }
}
