using EventSourcedTenancy.Accounts;
using Marten;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>An account with a long history, appended straight to its stream in batches (the command path would take hours).</summary>
public static class History
{
    public static async Task<(Guid Account, DateTimeOffset Middle)> AppendAsync(IDocumentStore store, Guid tenant, int events)
    {
        ArgumentNullException.ThrowIfNull(store);
        var account = Guid.CreateVersion7();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<Account>(account, new UserCreated(account, tenant, $"history.{account:N}@bench.test", "History", "Long"));
            await session.SaveChangesAsync();
        }

        // The first half, a marked moment, then the second half: "the middle" is between them.
        await AppendEventsAsync(store, account, (events / 2) - 1);
        await Task.Delay(20);
        var middle = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await AppendEventsAsync(store, account, events - (events / 2));
        return (account, middle);
    }

    private static async Task AppendEventsAsync(IDocumentStore store, Guid account, int events)
    {
        for (var written = 0; written < events;)
        {
            var batch = Math.Min(1_000, events - written);
            await using var session = store.LightweightSession();
            session.Events.Append(account, Enumerable.Range(0, batch).Select(_ => (object)new PasswordResetRequested(account)).ToArray());
            await session.SaveChangesAsync();
            written += batch;
        }
    }
}
