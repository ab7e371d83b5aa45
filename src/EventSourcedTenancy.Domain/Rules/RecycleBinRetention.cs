namespace EventSourcedTenancy.Rules;

/// <summary>
/// How long a soft-deleted account can be restored from the recycle bin (docs/domain.md). After that it
/// can only be erased. The length is the installation's setting (RecycleBin:Retention).
/// </summary>
public static class RecycleBinRetention
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);

    public static DateTimeOffset RestorableUntil(DateTimeOffset deletedAt, TimeSpan retention) => deletedAt + retention;

    /// <summary>Refuses a restore after the retention; an account with no recorded deletion is not held back here.</summary>
    public static Rejection? Check(DateTimeOffset? deletedAt, TimeSpan retention, DateTimeOffset now) =>
        deletedAt is { } at && now > RestorableUntil(at, retention)
            ? Rejection.Conflict(
                RejectionCodes.RetentionExpired,
                $"The account was deleted on {at:yyyy-MM-dd} and the recycle bin keeps accounts {retention.TotalDays:0} days; erase it, or invite the person again.")
            : null;
}
