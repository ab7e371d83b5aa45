#nullable enable
// A private PostgreSQL cluster for development and tests, run with the machine's PostgreSQL binaries.
// Used only when no connection string is configured (ConnectionStrings__Postgres).

using System.Net;
using System.Net.Sockets;

public sealed class LocalPostgres
{
    private readonly ICakeContext context;

    public LocalPostgres(ICakeContext context, DirectoryPath root)
    {
        this.context = context;
        Root = root.MakeAbsolute(context.Environment);
    }

    public DirectoryPath Root { get; }
    public DirectoryPath DataDirectory => Root.Combine("data");
    public DirectoryPath SocketDirectory => Root.Combine("run");
    public FilePath LogFile => Root.CombineWithFilePath("postgres.log");
    public FilePath PortFile => Root.CombineWithFilePath("port");
    public FilePath ConnectionFile => Root.CombineWithFilePath("connection-string");

    /// <summary>True when this call started the server (so the caller may stop it again).</summary>
    public bool StartedHere { get; private set; }

    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres";

    /// <summary>Starts the cluster, or reuses it when it is already running.</summary>
    public void Start()
    {
        var bin = FindBinaries();
        var runAsOther = IsRoot();
        if (runAsOther)
        {
            EnsurePostgresUser();
        }

        context.EnsureDirectoryExists(Root);
        context.EnsureDirectoryExists(SocketDirectory);
        if (runAsOther)
        {
            Run("chown", $"-R postgres:postgres \"{Root.FullPath}\"");
            if (Run("runuser", $"-u postgres -- test -w \"{Root.FullPath}\"", throwOnError: false) != 0)
            {
                throw new Exception(
                    $"The postgres user cannot write to {Root.FullPath}: a parent folder is not open to it. " +
                    "Set LOCAL_POSTGRES_DIR to a folder it can reach (for example /var/tmp/eventsourcedtenancy), " +
                    "or set ConnectionStrings__Postgres to use a PostgreSQL you already run.");
            }
        }

        if (!context.FileExists(DataDirectory.CombineWithFilePath("PG_VERSION")))
        {
            context.Information($"Creating a local PostgreSQL cluster in {DataDirectory.FullPath} ...");
            PgTool(bin, "initdb", $"-D \"{DataDirectory.FullPath}\" -U postgres -A trust -E UTF8 --no-locale", runAsOther);
        }

        if (PgTool(bin, "pg_ctl", $"-D \"{DataDirectory.FullPath}\" status", runAsOther, throwOnError: false, quiet: true) == 0)
        {
            Port = int.Parse(System.IO.File.ReadAllText(PortFile.FullPath).Trim());
            context.Information($"Reusing the local PostgreSQL already running on 127.0.0.1:{Port}.");
            var psql = bin.CombineWithFilePath("psql").FullPath;
            if (Capture(psql, $"-h 127.0.0.1 -p {Port} -U postgres -d postgres -tA -c \"SHOW fsync\"").Trim() == "off")
            {
                context.Warning(
                    "This PostgreSQL was started by an older build with fsync off: a power cut could lose acknowledged " +
                    "commands. Stop it (dotnet cake --target=DatabaseStop) when nothing uses it; the next start is durable.");
            }

            return;
        }

        Port = ChoosePort();
        System.IO.File.WriteAllText(PortFile.FullPath, Port.ToString());
        // PostgreSQL's durable settings stay as they are (fsync, full_page_writes, synchronous_commit): what the
        // service acknowledged survives a power cut. Only the test and benchmark databases commit without waiting
        // for the disk (EnsureDatabase with fastCommits).
        var options = string.Join(" ",
            $"-c port={Port}",
            "-c listen_addresses=127.0.0.1",
            $"-c unix_socket_directories='{SocketDirectory.FullPath}'",
            "-c max_connections=300",
            "-c shared_buffers=256MB");
        // Statement counts per database (the benchmark reports an idle service's load with them), when the
        // machine's PostgreSQL ships the module.
        if (context.FileExists(bin.Combine("../lib").Collapse().CombineWithFilePath("pg_stat_statements.so")))
        {
            options += " -c shared_preload_libraries=pg_stat_statements";
        }
        context.Information($"Starting the local PostgreSQL on 127.0.0.1:{Port} (log: {LogFile.FullPath}) ...");
        var exit = PgTool(bin, "pg_ctl",
            $"-D \"{DataDirectory.FullPath}\" -l \"{LogFile.FullPath}\" -w -t 60 -o \"{options}\" start", runAsOther, throwOnError: false);
        if (exit != 0)
        {
            throw new Exception($"PostgreSQL did not start (pg_ctl exit code {exit}). Read {LogFile.FullPath} for the reason.");
        }

        StartedHere = true;
    }

    public void Stop()
    {
        if (!context.FileExists(DataDirectory.CombineWithFilePath("postmaster.pid")))
        {
            context.Information("The local PostgreSQL is not running.");
            return;
        }

        var bin = FindBinaries();
        PgTool(bin, "pg_ctl", $"-D \"{DataDirectory.FullPath}\" -m fast -w stop", IsRoot(), throwOnError: false);
        context.Information("Stopped the local PostgreSQL.");
    }

    /// <summary>
    /// Creates the database if it does not exist; with <paramref name="recreate"/>, drops it first. With
    /// <paramref name="fastCommits"/> (tests, benchmarks) its commits do not wait for the disk
    /// (synchronous_commit off: a crash of the machine may lose the last moments, never corrupts); otherwise
    /// the database keeps the server's durable default.
    /// </summary>
    public void EnsureDatabase(string database, bool recreate = false, bool fastCommits = false)
    {
        var bin = FindBinaries();
        var psql = bin.CombineWithFilePath("psql").FullPath;
        var connection = $"-h 127.0.0.1 -p {Port} -U postgres -d postgres -v ON_ERROR_STOP=1 -q";
        if (recreate)
        {
            Run(psql, $"{connection} -c \"DROP DATABASE IF EXISTS \\\"{database}\\\" WITH (FORCE)\"");
        }

        var exists = Capture(psql, $"{connection} -tA -c \"SELECT 1 FROM pg_database WHERE datname = '{database}'\"").Trim() == "1";
        if (!exists)
        {
            Run(psql, $"{connection} -c \"CREATE DATABASE \\\"{database}\\\"\"");
        }

        var commits = fastCommits ? "SET synchronous_commit = off" : "RESET synchronous_commit";
        Run(psql, $"{connection} -c \"ALTER DATABASE \\\"{database}\\\" {commits}\"");
    }

    public void WriteConnectionFile(string database) =>
        System.IO.File.WriteAllText(ConnectionFile.FullPath, ConnectionString(database));

    private int ChoosePort()
    {
        if (context.FileExists(PortFile) && int.TryParse(System.IO.File.ReadAllText(PortFile.FullPath).Trim(), out var previous) && IsFree(previous))
        {
            return previous;
        }

        for (var port = 54329; port < 54429; port++)
        {
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new Exception("No free port between 54329 and 54428 on 127.0.0.1 for the local PostgreSQL.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private DirectoryPath FindBinaries()
    {
        var configured = context.EnvironmentVariable("POSTGRES_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DirectoryPath(configured);
        }

        var found = Search();
        if (found is not null)
        {
            return found;
        }

        if (IsRoot() && context.FileExists("/usr/bin/apt-get"))
        {
            context.Information("PostgreSQL server binaries not found; installing Debian's postgresql package (a few minutes) ...");
            Run("apt-get", "update -q");
            Run("apt-get", "install -y -q --no-install-recommends postgresql");
            found = Search();
            if (found is not null)
            {
                return found;
            }
        }

        throw new Exception(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install PostgreSQL (on Debian: apt-get install postgresql), " +
            "set POSTGRES_BIN to the folder that holds them, or set ConnectionStrings__Postgres to use a server you already run.");
    }

    private DirectoryPath? Search()
    {
        if (context.FileExists("/usr/bin/pg_config") || context.FileExists("/usr/local/bin/pg_config"))
        {
            var bindir = Capture("pg_config", "--bindir", throwOnError: false).Trim();
            if (bindir.Length > 0 && context.FileExists($"{bindir}/initdb"))
            {
                return new DirectoryPath(bindir);
            }
        }

        var candidates = context.GetDirectories("/usr/lib/postgresql/*/bin")
            .Where(d => context.FileExists(d.CombineWithFilePath("initdb")))
            .OrderByDescending(d => int.TryParse(d.GetParent().GetDirectoryName(), out var major) ? major : 0)
            .ToList();
        return candidates.FirstOrDefault();
    }

    private void EnsurePostgresUser()
    {
        if (Run("id", "-u postgres", throwOnError: false, quiet: true) != 0)
        {
            Run("useradd", "--system --home-dir /var/lib/postgresql --shell /bin/sh postgres");
        }
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private int PgTool(DirectoryPath bin, string tool, string arguments, bool runAsOther, bool throwOnError = true, bool quiet = false)
    {
        var path = bin.CombineWithFilePath(tool).FullPath;
        return runAsOther
            ? Run("runuser", $"-u postgres -- \"{path}\" {arguments}", throwOnError, quiet)
            : Run(path, arguments, throwOnError, quiet);
    }

    private int Run(string tool, string arguments, bool throwOnError = true, bool quiet = false)
    {
        var settings = new ProcessSettings { Arguments = arguments, RedirectStandardOutput = quiet, RedirectStandardError = quiet };
        var exit = context.StartProcess(tool, settings);
        if (exit != 0 && throwOnError)
        {
            throw new Exception($"`{tool} {arguments}` failed with exit code {exit}.");
        }

        return exit;
    }

    private string Capture(string tool, string arguments, bool throwOnError = true)
    {
        var exit = context.StartProcess(tool, new ProcessSettings { Arguments = arguments, RedirectStandardOutput = true }, out var lines);
        if (exit != 0 && throwOnError)
        {
            throw new Exception($"`{tool} {arguments}` failed with exit code {exit}.");
        }

        return string.Join("\n", lines);
    }
}
