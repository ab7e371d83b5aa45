namespace EventSourcedTenancy.Rules;

/// <summary>
/// How long a soft-deleted account can be restored from the recycle bin (docs/domain.md). After that it
/// can only be erased. The length is the installation's setting (RecycleBin:Retention).
/// </summary>
public static class RecycleBinRetention
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);

    public static DateTimeOffset RestorableUntil(DateTimeOffset deletedAt, TimeSpan retention) => deletedAt + retention;

    /// <summary>Refuses a restore after the retention; something with no recorded deletion is not held back here.</summary>
    /// <param name="deletedAt">When it was deleted.</param>
    /// <param name="retention">The installation's retention.</param>
    /// <param name="now">The time of the decision.</param>
    /// <param name="kind">What was deleted, plural ("accounts", "applications").</param>
    /// <param name="instead">What to do instead, for the refusal.</param>
    public static Rejection? Check(
        DateTimeOffset? deletedAt, TimeSpan retention, DateTimeOffset now, string kind = "accounts", string instead = "erase it, or invite the person again") =>
        deletedAt is { } at && now > RestorableUntil(at, retention)
            ? Rejection.Conflict(
                RejectionCodes.RetentionExpired,
                $"The {kind.TrimEnd('s')} was deleted on {at:yyyy-MM-dd} and the recycle bin keeps {kind} {retention.TotalDays:0} days; {instead}.")
            : null;
}
