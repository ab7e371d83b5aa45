using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using Marten;

namespace EventSourcedTenancy.Benchmarks;

/// <summary>
/// An account with a long history, appended straight to its stream in batches (the command path would take hours),
/// each batch with the audit envelope a command would write: the tenant's owner resetting the password, every tenth
/// batch while impersonating another account.
/// </summary>
public static class History
{
    public sealed record Appended(Guid Account, DateTimeOffset Middle, Guid ActingAs);

    public static async Task<Appended> AppendAsync(IDocumentStore store, Guid tenant, Guid owner, int events)
    {
        ArgumentNullException.ThrowIfNull(store);
        var account = Guid.CreateVersion7();
        var actingAs = Guid.CreateVersion7();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<Account>(account, new UserCreated(account, tenant, $"history.{account:N}@bench.test", "History", "Long"));
            await session.SaveChangesAsync();
        }

        // The first half, a marked moment, then the second half: "the middle" is between them.
        var batch = 0;
        await AppendEventsAsync(store, tenant, owner, actingAs, account, (events / 2) - 1, () => batch++);
        await Task.Delay(20);
        var middle = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await AppendEventsAsync(store, tenant, owner, actingAs, account, events - (events / 2), () => batch++);
        return new Appended(account, middle, actingAs);
    }

    private static async Task AppendEventsAsync(IDocumentStore store, Guid tenant, Guid owner, Guid actingAs, Guid account, int events, Func<int> nextBatch)
    {
        for (var written = 0; written < events;)
        {
            // At least twenty batches, so that even a short history has impersonated ones.
            var count = Math.Min(Math.Clamp(events / 20, 10, 1_000), events - written);
            await using var session = store.LightweightSession();
            session.SetHeader(AuditEnvelope.Command, nameof(ResetPassword));
            session.SetHeader(AuditEnvelope.Source, nameof(CommandSource.CommandLine));
            session.SetHeader(AuditEnvelope.Actor, owner.ToString());
            session.SetHeader(AuditEnvelope.Tenant, tenant.ToString());
            if (nextBatch() % 10 == 9)
            {
                session.SetHeader(AuditEnvelope.ActingAs, actingAs.ToString());
            }

            session.Events.Append(account, Enumerable.Range(0, count).Select(_ => (object)new PasswordResetRequested(account)).ToArray());
            await session.SaveChangesAsync();
            written += count;
        }
    }
}
