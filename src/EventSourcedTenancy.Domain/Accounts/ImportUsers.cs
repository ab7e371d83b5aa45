using System.Globalization;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;

namespace EventSourcedTenancy.Accounts;

/// <summary>One account of a bulk import: what <see cref="CreateUser"/> takes, without the tenant.</summary>
public sealed record ImportedUser(string Email, string FirstName, string LastName);

/// <summary>
/// Seed 003 "Bulk import / export users" (docs/seeds.md): many user accounts created at once, as one command.
/// Every row is checked by the rules of <see cref="CreateUser"/>, and two rows may not share an email; the
/// batch is accepted whole, or refused whole with every refused row named (docs/domain.md, "Bulk import").
/// </summary>
[HttpCommand("POST", "/tenants/{tenantId}/users/import",
    "Creates up to 5,000 user accounts in the tenant at once: all of them, or none, with every refused row named.",
    MaxBodyBytes = 1024 * 1024)]
public sealed record ImportUsers(Guid TenantId, [property: MaxItems(ImportUsers.MaxUsers)] IReadOnlyList<ImportedUser> Users) : ITenancyCommand
{
    /// <summary>The most accounts one command creates: a larger file is sent as several commands.</summary>
    public const int MaxUsers = 5000;

    /// <summary>The most refused rows a rejection names one by one (the rest are counted).</summary>
    public const int RowsNamed = 50;

    public ReadPlan Reads() => ReadPlan.NewAccountsIn(TenantId, [.. (Users ?? []).Select(u => u?.Email ?? string.Empty)]);

    public Decision Decide(CommandInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.OnTenant(tenant => Decide(tenant, inputs.TakenEmails, this, inputs.Actor, inputs.NewId));
    }

    /// <param name="tenant">The tenant.</param>
    /// <param name="takenEmails">The tenant's accounts that hold an email of the batch (normalized), with their state.</param>
    /// <param name="command">The command.</param>
    /// <param name="actor">The actor, resolved in the tenant.</param>
    /// <param name="newId">Ids for the new accounts.</param>
    public static Decision Decide(
        Tenant tenant, IReadOnlyDictionary<string, AccountState> takenEmails, ImportUsers command, ActorContext actor, Func<Guid> newId)
    {
        ArgumentNullException.ThrowIfNull(takenEmails);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(newId);
        var users = command.Users ?? [];
        var rejection =
            (command.TenantId == tenant.Id ? null : Rejection.Invalid(RejectionCodes.WrongTenant, "Pass the tenant the command names."))
            ?? (users.Count == 0 ? Rejection.Invalid(RejectionCodes.InvalidValue, "'users' is empty; send at least one user.") : null)
            ?? TenantLifecycle.MustBeLive(tenant)
            ?? Authority.ActsIn(actor, tenant)
            ?? Authority.Require(actor, Capability.BulkImportExportUsers, "import users in bulk")
            ?? Authority.Require(actor, Capability.CreateAccounts, "create user accounts");
        if (rejection is not null)
        {
            return rejection;
        }

        var refused = new List<(int Row, Rejection Why)>();
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < users.Count; row++)
        {
            var user = users[row];
            var email = InputValidation.NormalizeEmail(user.Email ?? string.Empty);
            var why =
                InputValidation.Email(user.Email)
                ?? InputValidation.PersonName(user.FirstName, "First name")
                ?? InputValidation.PersonName(user.LastName, "Last name")
                ?? (firstRowOf.TryGetValue(email, out var first)
                    ? Rejection.Invalid(RejectionCodes.DuplicateEmail, string.Create(CultureInfo.InvariantCulture, $"Row {first} has the same email; each account needs its own."))
                    : null)
                ?? UniqueEmailPerTenant.Check(takenEmails.TryGetValue(email, out var holder) ? holder : null);
            firstRowOf.TryAdd(email, row);
            if (why is not null)
            {
                refused.Add((row, why));
            }
        }

        if (refused.Count > 0)
        {
            return Refusal(refused, users.Count);
        }

        return Decision.Accept([.. users.Select(user =>
        {
            var id = newId();
            return PendingEvent.ForAccount(id, new UserCreated(id, tenant.Id, InputValidation.NormalizeEmail(user.Email), user.FirstName, user.LastName));
        })]);
    }

    /// <summary>
    /// One rejection for the whole batch: each refused row by its index in <see cref="Users"/> (from 0), its code and
    /// its reason. A conflict when every refused row is one (emails taken), invalid otherwise.
    /// </summary>
    private static Rejection Refusal(List<(int Row, Rejection Why)> refused, int rows)
    {
        var named = string.Join("; ", refused.Take(RowsNamed).Select(r => string.Create(CultureInfo.InvariantCulture, $"users[{r.Row}] {r.Why.Code}: {r.Why.Message.TrimEnd('.')}")));
        var more = refused.Count > RowsNamed ? string.Create(CultureInfo.InvariantCulture, $"; and {refused.Count - RowsNamed} more") : string.Empty;
        var message = string.Create(CultureInfo.InvariantCulture, $"{refused.Count} of {rows} rows were refused and nothing was imported: {named}{more}. Correct or remove them and send the batch again.");
        return refused.All(r => r.Why.Kind == RejectionKind.Conflict)
            ? Rejection.Conflict(RejectionCodes.InvalidRows, message)
            : Rejection.Invalid(RejectionCodes.InvalidRows, message);
    }
}
