#nullable enable
// A private RabbitMQ node for tests and for `Run --bus=rabbitmq`, run with the machine's rabbitmq-server.
// Used only when no broker is configured (ConnectionStrings__RabbitMQ). Loopback only, its own ports, its own
// Erlang cookie and data folder under .data/rabbitmq; the Debian package is installed when missing (as root).

using System.Net;
using System.Net.Sockets;

public sealed class LocalRabbitMq
{
    private const string NodeName = "tenancy@localhost";
    private readonly ICakeContext context;

    public LocalRabbitMq(ICakeContext context, DirectoryPath root)
    {
        this.context = context;
        Root = root.MakeAbsolute(context.Environment);
    }

    public DirectoryPath Root { get; }
    public FilePath LogFile => Root.CombineWithFilePath("rabbitmq.log");
    public FilePath PidFile => Root.CombineWithFilePath("rabbitmq.pid");
    public FilePath PortsFile => Root.CombineWithFilePath("ports");

    /// <summary>True when this call started the node (so the caller may stop it again).</summary>
    public bool StartedHere { get; private set; }

    public int Port { get; private set; }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>Starts the node, or reuses it when it is already running.</summary>
    public void Start()
    {
        var server = FindServer();
        if (TryReadPorts(out var ports) && PidAlive() && !IsFree(ports.Amqp))
        {
            Port = ports.Amqp;
            context.Information($"Reusing the local RabbitMQ already running on 127.0.0.1:{Port}.");
            return;
        }

        context.EnsureDirectoryExists(Root);
        ports = (ChoosePort(5680), ChoosePort(25680), ChoosePort(4380));
        Port = ports.Amqp;
        System.IO.File.WriteAllText(PortsFile.FullPath, $"{ports.Amqp} {ports.Distribution} {ports.Epmd}");
        System.IO.File.WriteAllText(Root.CombineWithFilePath("enabled_plugins").FullPath, "[].");
        System.IO.File.WriteAllText(Root.CombineWithFilePath("rabbitmq.conf").FullPath,
            $"listeners.tcp.default = 127.0.0.1:{ports.Amqp}\nloopback_users.guest = true\n");
        if (context.FileExists(LogFile))
        {
            context.DeleteFile(LogFile);
        }

        if (IsRoot())
        {
            Run("chown", $"-R rabbitmq:rabbitmq \"{Root.FullPath}\"");
            if (Run("runuser", $"-u rabbitmq -- test -w \"{Root.FullPath}\"", throwOnError: false) != 0)
            {
                throw new Exception(
                    $"The rabbitmq user cannot write to {Root.FullPath}: a parent folder is not open to it. " +
                    "Set LOCAL_RABBITMQ_DIR to a folder it can reach, or set ConnectionStrings__RabbitMQ to use a broker you already run.");
            }
        }

        // The server runs detached from this build (it outlives Run, like the local PostgreSQL); a script holds the
        // environment because process arguments are not parsed by a shell.
        var script = Root.CombineWithFilePath("start.sh");
        System.IO.File.WriteAllText(script.FullPath, string.Join("\n",
            "#!/bin/sh",
            $"export HOME='{Root.FullPath}'",
            $"export RABBITMQ_NODENAME={NodeName}",
            "export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
            $"export RABBITMQ_NODE_PORT={ports.Amqp}",
            $"export RABBITMQ_DIST_PORT={ports.Distribution}",
            "export ERL_EPMD_ADDRESS=127.0.0.1",
            // The node shares the machine's cores with PostgreSQL, the service and the tests: its schedulers sleep
            // when out of work instead of spinning (Erlang's busy wait), which would take CPU from the others.
            "export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='+sbwt none +sbwtdcpu none +sbwtdio none'",
            $"export ERL_EPMD_PORT={ports.Epmd}",
            $"export RABBITMQ_MNESIA_BASE='{Root.Combine("mnesia").FullPath}'",
            $"export RABBITMQ_LOG_BASE='{Root.FullPath}'",
            $"export RABBITMQ_LOGS='{LogFile.FullPath}'",
            $"export RABBITMQ_PID_FILE='{PidFile.FullPath}'",
            $"export RABBITMQ_ENABLED_PLUGINS_FILE='{Root.CombineWithFilePath("enabled_plugins").FullPath}'",
            $"export RABBITMQ_CONFIG_FILE='{Root.CombineWithFilePath("rabbitmq.conf").FullPath}'",
            $"nohup '{server}' > '{Root.CombineWithFilePath("console.log").FullPath}' 2>&1 < /dev/null &",
            ""));
        if (IsRoot())
        {
            Run("chown", $"rabbitmq:rabbitmq \"{script.FullPath}\"");
        }

        context.Information($"Starting the local RabbitMQ on 127.0.0.1:{ports.Amqp} (log: {LogFile.FullPath}) ...");
        var exit = IsRoot()
            ? Run("runuser", $"-u rabbitmq -- setsid sh \"{script.FullPath}\"")
            : Run("setsid", $"sh \"{script.FullPath}\"");
        if (exit != 0)
        {
            throw new Exception($"rabbitmq-server could not be launched (exit code {exit}).");
        }

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(context.FileExists(LogFile) && System.IO.File.ReadAllText(LogFile.FullPath).Contains("Server startup complete") && !IsFree(ports.Amqp)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Exception($"RabbitMQ did not start within 90 s. Read {LogFile.FullPath} and {Root.CombineWithFilePath("console.log").FullPath} for the reason.");
            }

            System.Threading.Thread.Sleep(250);
        }

        StartedHere = true;
    }

    /// <summary>Stops the node and the Erlang port mapper it started.</summary>
    public void Stop()
    {
        if (!TryReadPorts(out var ports))
        {
            context.Information("The local RabbitMQ is not running.");
            return;
        }

        // The server removes its pid file while it shuts down: the pid is read once and the process itself awaited.
        var pid = ReadPid();
        if (pid is { } running && ProcessAlive(running))
        {
            Run("kill", $"-TERM {running}", throwOnError: false);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (ProcessAlive(running) && DateTime.UtcNow < deadline)
            {
                System.Threading.Thread.Sleep(200);
            }

            if (ProcessAlive(running))
            {
                Run("kill", $"-KILL {running}", throwOnError: false);
            }

            context.Information("Stopped the local RabbitMQ.");
        }
        else
        {
            context.Information("The local RabbitMQ is not running.");
        }

        // The node's epmd outlives it and serves only this node's port; it refuses to stop while a node is still
        // registered, which lasts a moment after the node's exit.
        for (var attempt = 0; attempt < 20 && !IsFree(ports.Epmd); attempt++)
        {
            Run("sh", $"-c \"ERL_EPMD_PORT={ports.Epmd} epmd -kill >/dev/null 2>&1 || true\"", throwOnError: false, quiet: true);
            System.Threading.Thread.Sleep(250);
        }

        if (context.FileExists(PidFile))
        {
            context.DeleteFile(PidFile);
        }
    }

    private int? ReadPid() =>
        context.FileExists(PidFile) && int.TryParse(System.IO.File.ReadAllText(PidFile.FullPath).Trim(), out var pid) ? pid : null;

    private static bool ProcessAlive(int pid) => System.IO.Directory.Exists($"/proc/{pid}");

    private bool PidAlive() => ReadPid() is { } pid && ProcessAlive(pid);

    private bool TryReadPorts(out (int Amqp, int Distribution, int Epmd) ports)
    {
        ports = default;
        if (!context.FileExists(PortsFile))
        {
            return false;
        }

        var parts = System.IO.File.ReadAllText(PortsFile.FullPath).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !int.TryParse(parts[0], out var amqp) || !int.TryParse(parts[1], out var distribution) || !int.TryParse(parts[2], out var epmd))
        {
            return false;
        }

        ports = (amqp, distribution, epmd);
        return true;
    }

    private static int ChoosePort(int first)
    {
        for (var port = first; port < first + 100; port++)
        {
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new Exception($"No free port between {first} and {first + 99} on 127.0.0.1 for the local RabbitMQ.");
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

    private string FindServer()
    {
        const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        if (context.FileExists(Server))
        {
            return Server;
        }

        if (IsRoot() && context.FileExists("/usr/bin/apt-get"))
        {
            context.Information("rabbitmq-server not found; installing Debian's rabbitmq-server package (a few minutes) ...");
            Run("apt-get", "update -q");
            Run("apt-get", "install -y -q --no-install-recommends rabbitmq-server");
            if (context.FileExists(Server))
            {
                return Server;
            }
        }

        throw new Exception(
            "rabbitmq-server was not found. Install it (on Debian: apt-get install rabbitmq-server) or set " +
            "ConnectionStrings__RabbitMQ to use a broker you already run.");
    }

    private static bool IsRoot() => Environment.UserName == "root";

    /// <summary>
    /// Runs rabbitmqctl against the local node (its name, Erlang cookie and port mapper), for example to add a user.
    /// The cookie is passed on the command line: a development node, readable by this user anyway.
    /// </summary>
    public void Ctl(params string[] arguments)
    {
        if (!TryReadPorts(out var ports) || !PidAlive())
        {
            throw new Exception("The local RabbitMQ node is not running: start it with dotnet cake --target=Broker.");
        }

        var cookie = System.IO.File.ReadAllText(Root.CombineWithFilePath(".erlang.cookie").FullPath).Trim();
        var settings = new ProcessSettings
        {
            Arguments = ProcessArgumentBuilder.FromStrings(new[] { "-n", NodeName, "--erlang-cookie", cookie }.Concat(arguments)),
            EnvironmentVariables = new Dictionary<string, string> { ["ERL_EPMD_PORT"] = ports.Epmd.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        var exit = context.StartProcess("rabbitmqctl", settings);
        if (exit != 0)
        {
            throw new Exception($"rabbitmqctl {arguments[0]} failed with exit code {exit}.");
        }
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
}
