namespace EventSourcedTenancy.RecycleBin;

/// <summary>How long a soft-deleted account can be restored (RecycleBin:Retention, default 30 days).</summary>
public sealed record RecycleBinSettings(TimeSpan Retention)
{
    public static RecycleBinSettings From(IConfiguration configuration) =>
        new(configuration.GetValue("RecycleBin:Retention", TimeSpan.FromDays(30)));

    public DateTimeOffset RestorableUntil(DateTimeOffset deletedAt) => deletedAt + Retention;
}
