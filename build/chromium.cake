// Chromium for the console's browser tests: Debian's package, installed (as root) when missing, the way
// postgres.cake and rabbitmq.cake install their servers. CONSOLE_TEST_BROWSER names another Chromium.
public static class LocalChromium
{
    public const string Variable = "CONSOLE_TEST_BROWSER";
    private const string DebianPath = "/usr/bin/chromium";

    public static string Find(ICakeContext context)
    {
        var configured = context.EnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            context.Information($"Using the Chromium configured in {Variable}: {configured}");
            return configured;
        }

        if (context.FileExists(DebianPath))
        {
            return DebianPath;
        }

        if (Environment.UserName == "root" && context.FileExists("/usr/bin/apt-get"))
        {
            context.Information("Chromium not found; installing Debian's chromium package for the console's browser tests (a few minutes) ...");
            foreach (var arguments in new[] { "update -q", "install -y -q --no-install-recommends chromium" })
            {
                var exit = context.StartProcess("apt-get", new ProcessSettings { Arguments = arguments });
                if (exit != 0)
                {
                    throw new Exception($"apt-get {arguments} failed (exit {exit}).");
                }
            }

            if (context.FileExists(DebianPath))
            {
                return DebianPath;
            }
        }

        throw new Exception(
            $"The console's browser tests need Chromium: install it (on Debian: apt-get install chromium) or set {Variable} to a Chromium executable.");
    }
}
