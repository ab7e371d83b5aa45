namespace EventSourcedTenancy.Tests.Infrastructure;

/// <summary>The checked-out repository the tests were built from.</summary>
public static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EventSourcedTenancy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No EventSourcedTenancy.sln above {AppContext.BaseDirectory}.");
    }
}
