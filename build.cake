// Build script: `dotnet tool restore` once, then `dotnet cake --target=<Target>`.
// Targets: Build, Pack, Test, OpenApiLint, Run, Demo, Database, DatabaseStop, Broker, BrokerStop, BrokerSender, SenderRole, Sample, Bench, Mutate, Clean.
#load "build/postgres.cake"
#load "build/rabbitmq.cake"
#load "build/chromium.cake"

using System.Xml.Linq;

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var urls = Argument("urls", EnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:5080");
// Run and Sample use the Development environment (published keys, development tokens) only when asked.
var environment = Argument("environment", EnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production");
var isDevelopment = string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase);

const string Solution = "./EventSourcedTenancy.sln";
const string ServiceProject = "./src/EventSourcedTenancy/EventSourcedTenancy.csproj";
// The domain project, packed as the bus contract EventSourcedTenancy.Contracts.
const string ContractProject = "./src/EventSourcedTenancy.Domain/EventSourcedTenancy.Domain.csproj";
const string SampleProject = "./samples/BusClient/BusClient.csproj";
const string DevelopmentDatabase = "tenancy";
const string TestDatabase = "tenancy_tests";
const string DemoDatabase = "tenancy_demo";
// Run's database on the local PostgreSQL: the real one by default, --database=tenancy_demo for the demo.
var database = Argument("database", DevelopmentDatabase);
var artifacts = MakeAbsolute(Directory("./artifacts"));
var testResults = artifacts.Combine("test-results");
var packages = artifacts.Combine("packages");

// A connection string from the environment wins; otherwise the repository's own local cluster is used.
var configuredConnection = EnvironmentVariable("ConnectionStrings__Postgres");
var localPostgres = new LocalPostgres(Context, Directory(EnvironmentVariable("LOCAL_POSTGRES_DIR") ?? "./.data/postgres"));
// The same for the broker: ConnectionStrings__RabbitMQ wins; otherwise a private node is started when one is needed.
var configuredBroker = EnvironmentVariable("ConnectionStrings__RabbitMQ");
var localRabbitMq = new LocalRabbitMq(Context, Directory(EnvironmentVariable("LOCAL_RABBITMQ_DIR") ?? "./.data/rabbitmq"));
// Run's bus transport: postgresql (embedded, nothing to install) or rabbitmq.
var bus = Argument("bus", EnvironmentVariable("Bus__Transport") ?? "postgresql").ToLowerInvariant();

// Outside Development the service needs keys of its own: created once in .data/keys/ (readable by this user
// only) unless they come from the environment.
Dictionary<string, string> ServiceKeys()
{
    var keys = new Dictionary<string, string>();
    if (isDevelopment)
    {
        return keys;
    }

    var folder = MakeAbsolute(Directory("./.data/keys"));
    string KeyFile(string name)
    {
        var file = folder.CombineWithFilePath(name).FullPath;
        if (!System.IO.File.Exists(file))
        {
            System.IO.Directory.CreateDirectory(folder.FullPath);
            var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(36);
            System.IO.File.WriteAllText(file, Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_'));
            if (!OperatingSystem.IsWindows())
            {
                System.IO.File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Information($"Created {file}");
        }

        return System.IO.File.ReadAllText(file).Trim();
    }

    if (string.IsNullOrWhiteSpace(EnvironmentVariable("Auth__SigningKey")))
    {
        keys["Auth__SigningKey"] = KeyFile("signing-key");
    }

    if (string.IsNullOrWhiteSpace(EnvironmentVariable("Installation__BootstrapKey")))
    {
        keys["Installation__BootstrapKey"] = KeyFile("installation-key");
    }

    if (string.IsNullOrWhiteSpace(EnvironmentVariable("Secrets__SealingKey")))
    {
        keys["Secrets__SealingKey"] = KeyFile("sealing-key");
    }

    return keys;
}

string DatabaseFor(string database)
{
    if (!string.IsNullOrWhiteSpace(configuredConnection))
    {
        Information("Using the PostgreSQL configured in ConnectionStrings__Postgres.");
        return configuredConnection;
    }

    localPostgres.Start();
    localPostgres.EnsureDatabase(database, recreate: database == TestDatabase, fastCommits: database == TestDatabase);
    if (database == DevelopmentDatabase)
    {
        localPostgres.WriteConnectionFile(database);
    }

    return localPostgres.ConnectionString(database);
}

string BrokerFor()
{
    if (!string.IsNullOrWhiteSpace(configuredBroker))
    {
        Information("Using the RabbitMQ configured in ConnectionStrings__RabbitMQ.");
        return configuredBroker;
    }

    localRabbitMq.Start();
    return localRabbitMq.ConnectionString;
}

Task("Clean")
    .Does(() =>
{
    CleanDirectories("./src/**/bin");
    CleanDirectories("./src/**/obj");
    CleanDirectories("./tests/**/bin");
    CleanDirectories("./tests/**/obj");
    CleanDirectory(artifacts);
});

Task("Build")
    .Description("Builds the solution, packs the bus contract into artifacts/packages and builds samples/BusClient against that package.")
    .Does(() =>
{
    DotNetBuild(Solution, new DotNetBuildSettings { Configuration = configuration });
    DotNetPack(ContractProject, new DotNetPackSettings { Configuration = configuration, NoBuild = true, OutputDirectory = packages });

    // The sample takes the contract as another service would, from the package just packed (docs/contract.md).
    var cachedContract = Directory("./samples/BusClient/obj/packages/eventsourcedtenancy.contracts");
    if (DirectoryExists(cachedContract))
    {
        DeleteDirectory(cachedContract, new DeleteDirectorySettings { Recursive = true, Force = true });
    }

    DotNetBuild(SampleProject, new DotNetBuildSettings { Configuration = configuration });
});

Task("Pack")
    .Description("Builds, and packs the bus contract (commands, reply, integration events, headers, rejection codes) as a NuGet package.")
    .IsDependentOn("Build")
    .Does(() =>
{
    foreach (var package in GetFiles($"{packages}/*.nupkg"))
    {
        Information($"Packed {package}");
    }
});

Task("Database")
    .Description("Starts the local PostgreSQL (or reuses it) and prints its connection string.")
    .Does(() =>
{
    var connection = DatabaseFor(DevelopmentDatabase);
    Information("");
    Information("PostgreSQL is ready. To point the service or the tests at it:");
    Information($"  export ConnectionStrings__Postgres=\"{connection}\"");
    Information("Stop it with: dotnet cake --target=DatabaseStop");
});

Task("DatabaseStop")
    .Description("Stops the local PostgreSQL started by Database, Run or Test.")
    .Does(() => localPostgres.Stop());

Task("Broker")
    .Description("Starts the local RabbitMQ (or reuses it) and prints its connection string.")
    .Does(() =>
{
    var connection = BrokerFor();
    Information("");
    Information("RabbitMQ is ready. To point the service or the tests at it:");
    Information($"  export ConnectionStrings__RabbitMQ=\"{connection}\"");
    Information("Stop it with: dotnet cake --target=BrokerStop");
});

Task("BrokerStop")
    .Description("Stops the local RabbitMQ started by Broker, Run --bus=rabbitmq or Test.")
    .Does(() => localRabbitMq.Stop());

Task("SenderRole")
    .Description("Creates a PostgreSQL role for a service that sends commands over the PostgreSQL queues, with the least privileges it needs (docs/bus.md): --name=<role>.")
    .Does(() =>
{
    var name = Argument<string>("name", null);
    if (string.IsNullOrWhiteSpace(name) || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z][a-z0-9_]{0,40}$"))
    {
        throw new Exception("Name the sending service's role: dotnet cake --target=SenderRole --name=billing (lower-case letters, digits, underscores).");
    }

    var connection = DatabaseFor(DevelopmentDatabase);
    var parts = connection.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(part => part.Split('=', 2))
        .Where(pair => pair.Length == 2)
        .ToDictionary(pair => pair[0].Trim().ToLowerInvariant(), pair => pair[1].Trim());
    string Part(string key, string fallback) => parts.TryGetValue(key, out var value) ? value : fallback;
    var (host, port, database, user) = (Part("host", "127.0.0.1"), Part("port", "5432"), Part("database", DevelopmentDatabase), Part("username", "postgres"));
    var statements = new[]
    {
        $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN CREATE ROLE {name} LOGIN; END IF; END $$",
        $"CREATE SCHEMA IF NOT EXISTS {name}_bus AUTHORIZATION {name}",
        $"GRANT USAGE, CREATE ON SCHEMA wolverine_queues TO {name}",
        $"GRANT INSERT, SELECT ON wolverine_queues.wolverine_queue_commands TO {name}",
        $"GRANT INSERT ON wolverine_queues.wolverine_queue_commands_scheduled TO {name}",
        $"ALTER DEFAULT PRIVILEGES FOR ROLE {name} IN SCHEMA wolverine_queues GRANT SELECT, INSERT, DELETE ON TABLES TO {user}",
    };
    // The queue tables are the service's: it creates them when it first starts.
    var found = StartProcess("psql", new ProcessSettings
    {
        Arguments = $"-h {host} -p {port} -U {user} -d {database} -tA -c \"select to_regclass('wolverine_queues.wolverine_queue_commands') is not null\"",
        RedirectStandardOutput = true,
    }, out var exists);
    if (found != 0 || exists.FirstOrDefault()?.Trim() != "t")
    {
        throw new Exception($"The database {database} has no command queue yet: start the service once (dotnet cake --target=Run), which creates its queue tables, then run this target again.");
    }

    var psql = "psql";
    foreach (var statement in statements)
    {
        Information(statement + ";");
        var exit = StartProcess(psql, new ProcessSettings
        {
            Arguments = $"-h {host} -p {port} -U {user} -d {database} -v ON_ERROR_STOP=1 -q -c \"{statement.Replace("\"", "\\\"")}\"",
        });
        if (exit != 0)
        {
            throw new Exception($"The statement above failed (psql exit code {exit}).");
        }
    }

    Information("");
    Information($"The role {name} may now send commands: connect as Username={name} and keep the client's tables in the schema {name}_bus.");
});

Task("BrokerSender")
    .Description("Creates a user of the local RabbitMQ node for a service that sends commands, with the least permissions it needs (docs/bus.md): --name=<user> --password=<password>.")
    .Does(() =>
{
    var name = Argument<string>("name", null);
    var password = Argument<string>("password", null);
    if (string.IsNullOrWhiteSpace(name) || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z][a-z0-9_-]{0,40}$") || string.IsNullOrWhiteSpace(password))
    {
        throw new Exception("Name the sending service's user and its password: dotnet cake --target=BrokerSender --name=billing --password=<password> (name: lower-case letters, digits, _ and -).");
    }

    localRabbitMq.Start();
    localRabbitMq.Ctl("add_user", name, password);
    // Configure and read: its own reply queue; write: the default exchange, through which it publishes to the command queue.
    localRabbitMq.Ctl("set_permissions", "-p", "/", name, "^wolverine\\.response\\..*", "^amq\\.default$", "^wolverine\\.response\\..*");
    Information("");
    Information($"The user {name} may now send commands: amqp://{name}:<password>@127.0.0.1:{localRabbitMq.Port}/");
});

Task("OpenApiLint")
    .Description("Writes the OpenAPI document to artifacts/openapi.json (no database, no server) and lints it with Redocly's recommended rules; fails on any error.")
    .IsDependentOn("Build")
    .Does(() =>
{
    // The document the service serves at /openapi/v1.json, from Wolverine's `openapi` command.
    var document = artifacts.CombineWithFilePath("openapi.json");
    EnsureDirectoryExists(artifacts);
    var written = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"run --project {ServiceProject} -c {configuration} --no-build --no-launch-profile -- openapi --output \"{document.FullPath}\"",
        RedirectStandardOutput = true,
    });
    if (written != 0 || !FileExists(document))
    {
        throw new Exception($"Writing the OpenAPI document failed (exit code {written}); run `dotnet run -- openapi` in src/EventSourcedTenancy to see why.");
    }

    // Redocly CLI at the version pinned in build/openapi-lint/package-lock.json.
    var lint = MakeAbsolute(Directory("./build/openapi-lint"));
    var npm = IsRunningOnWindows() ? "npm.cmd" : "npm";
    var tools = new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" };
    int installed;
    try
    {
        installed = StartProcess(npm, new ProcessSettings { Arguments = "ci --no-audit --no-fund --loglevel=error", WorkingDirectory = lint, EnvironmentVariables = tools });
    }
    catch (Exception e)
    {
        throw new Exception($"The OpenAPI lint needs Node.js 20.19+ or 22.12+ with npm (apt-get install nodejs npm): {e.Message}");
    }

    if (installed != 0)
    {
        throw new Exception($"npm ci in {lint.FullPath} failed (exit code {installed}); its message is above.");
    }

    var linted = StartProcess("node", new ProcessSettings
    {
        Arguments = $"node_modules/@redocly/cli/bin/cli.js lint --extends=recommended --format=stylish \"{document.FullPath}\"",
        WorkingDirectory = lint,
        EnvironmentVariables = tools,
    });
    if (linted != 0)
    {
        throw new Exception($"The OpenAPI document has lint errors (listed above; docs/openapi.md says how the document is built): {document.FullPath}");
    }
});

Task("Test")
    .IsDependentOn("Build")
    .IsDependentOn("OpenApiLint")
    .Does(() =>
{
    var connection = DatabaseFor(TestDatabase);
    CleanDirectory(testResults);
    try
    {
        // The bus tests run on both transports: the PostgreSQL queues and a real RabbitMQ.
        var broker = BrokerFor();
        // The console's tests drive a real Chromium.
        var browser = LocalChromium.Find(Context);
        DotNetTest(Solution, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            ResultsDirectory = testResults,
            Loggers = { "trx", "console;verbosity=normal" },
            EnvironmentVariables = { ["ConnectionStrings__Postgres"] = connection, ["ConnectionStrings__RabbitMQ"] = broker, [LocalChromium.Variable] = browser },
        });
    }
    finally
    {
        PrintTestSummary(testResults);
        if (localPostgres.StartedHere)
        {
            localPostgres.Stop();
        }

        if (localRabbitMq.StartedHere)
        {
            localRabbitMq.Stop();
        }
    }
});

Task("Run")
    .Description("Runs the service, starting a local PostgreSQL first when none is configured; --bus=rabbitmq for RabbitMQ (started locally when none is configured); --environment=Development for published development keys and tokens.")
    .Does(() =>
{
    if (bus != "postgresql" && bus != "rabbitmq")
    {
        throw new Exception($"--bus={bus} names no transport: use --bus=postgresql (the default) or --bus=rabbitmq.");
    }

    // Fail before building or touching the database when another instance holds the port.
    var uri = new Uri(urls.Split(';')[0]);
    if (!PortIsFree(uri.Host, uri.Port))
    {
        throw new Exception(
            $"{urls} is already in use, probably by another instance of the service. " +
            "Stop it, or run on another address: dotnet cake --target=Run --urls=http://127.0.0.1:5081");
    }

    if (!System.Text.RegularExpressions.Regex.IsMatch(database, "^[a-z_][a-z0-9_]{0,62}$"))
    {
        throw new Exception($"--database={database} is not a database name: lower-case letters, digits and underscores, for example --database={DemoDatabase}.");
    }

    DotNetBuild(ServiceProject, new DotNetBuildSettings { Configuration = configuration });
    var connection = DatabaseFor(database);
    var variables = ServiceKeys();
    variables["ConnectionStrings__Postgres"] = connection;
    variables["ASPNETCORE_ENVIRONMENT"] = environment;
    if (bus == "rabbitmq")
    {
        variables["Bus__Transport"] = "RabbitMQ";
        variables["ConnectionStrings__RabbitMQ"] = BrokerFor();
    }
    Information("");
    Information($"Starting EventSourcedTenancy at {urls}  (console: {urls.Split(';')[0]}/console/, API reference: /docs, readiness: /health/ready)");
    Information(isDevelopment
        ? "Environment: Development (published keys; `dotnet run -- token <account id>` mints tokens). Never expose it beyond this machine."
        : $"Environment: {environment}. Keys: .data/keys/signing-key signs tokens, .data/keys/installation-key opens POST /installation, .data/keys/sealing-key seals federation client secrets. For development tokens run with --environment=Development.");
    Information(bus == "rabbitmq"
        ? "Bus: RabbitMQ (commands on the durable queue 'commands', integration events on the fanout exchange 'integration-events')."
        : "Bus: the PostgreSQL queues in the service's database (--bus=rabbitmq for RabbitMQ).");
    Information("Press Ctrl+C to stop. The local PostgreSQL (and RabbitMQ) keep running; stop them with --target=DatabaseStop (--target=BrokerStop).");
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"run --project {ServiceProject} -c {configuration} --no-build --no-launch-profile -- --urls {urls}",
        EnvironmentVariables = variables,
    });
    if (exit != 0)
    {
        throw new Exception($"The service stopped with exit code {exit}; its message is above.");
    }
});

Task("Demo")
    .Description("Seeds a demo installation (a partner, a customer, its administrators, an incident) into a database of its own on the local PostgreSQL, tenancy_demo, recreated each time, beside the real one; writes its ids, moments and development tokens to demo.env and prints how to open it in the console.")
    .Does(() =>
{
    if (!string.IsNullOrWhiteSpace(configuredConnection))
    {
        throw new Exception("The Demo target seeds the local PostgreSQL's tenancy_demo database; ConnectionStrings__Postgres is set, so seed that database yourself: dotnet run --project src/EventSourcedTenancy -- seed-demo (it needs an empty database).");
    }

    DotNetBuild(ServiceProject, new DotNetBuildSettings { Configuration = configuration });
    localPostgres.Start();
    localPostgres.EnsureDatabase(DemoDatabase, recreate: true);
    var output = MakeAbsolute(File("./demo.env")).FullPath;
    // Development: the demo's tokens are signed with the published development key, as the console's sign-in is.
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"run --project {ServiceProject} -c {configuration} --no-build --no-launch-profile -- seed-demo --out {output}",
        EnvironmentVariables = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = localPostgres.ConnectionString(DemoDatabase),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        },
    });
    if (exit != 0)
    {
        throw new Exception($"Seeding the demo failed (exit code {exit}); its message is above.");
    }

    Information("");
    Information("The demo is in the tenancy_demo database. Open it in the console:");
    Information($"  dotnet cake --target=Run --environment=Development --database={DemoDatabase}");
    Information($"  then {urls.Split(';')[0]}/console/ and pick an account (Olive Owner, the customer's Owner, for example).");
    Information($"Its ids, moments and tokens are in {output} (for samples/compliance/walkthrough.sh).");
});

Task("Sample")
    .Description("Runs samples/BusClient against a running service: --actor=<owner account id> [--tenant=<tenant id>] [--environment=<the service's>] [--bus=rabbitmq when the service runs with it]; mints the actor's token with the service's key.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var actor = Argument<string>("actor", null);
    if (string.IsNullOrWhiteSpace(actor))
    {
        throw new Exception(
            "Name the acting Owner: dotnet cake --target=Sample --actor=<account id>. " +
            "`dotnet run -- install <email>` in src/EventSourcedTenancy prints the superuser's id, an Owner of the Infrastructure tenant.");
    }

    var connection = DatabaseFor(DevelopmentDatabase);
    // The token is minted with the key the running service checks: the development key, or .data/keys/signing-key.
    var development = ServiceKeys();
    development.Remove("Installation__BootstrapKey");
    development["ConnectionStrings__Postgres"] = connection;
    development["ASPNETCORE_ENVIRONMENT"] = "Development";

    // Bus commands carry the acting account's bearer token; the service's development key signs one here.
    var minted = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"run --project {ServiceProject} -c {configuration} --no-build --no-launch-profile -- token {actor} --hours 1",
        EnvironmentVariables = development,
        RedirectStandardOutput = true,
    }, out var output);
    var token = output.LastOrDefault(line => System.Text.RegularExpressions.Regex.IsMatch(line.Trim(), @"^[\w-]+\.[\w-]+\.[\w-]+$"))?.Trim();
    if (minted != 0 || token is null)
    {
        throw new Exception($"Could not mint a development token for {actor}: {string.Join(Environment.NewLine, output)}");
    }

    var tenant = Argument<string>("tenant", null);
    var sampleVariables = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connection };
    if (bus == "rabbitmq")
    {
        // The service runs with --bus=rabbitmq: the sample talks to the same broker.
        sampleVariables["ConnectionStrings__RabbitMQ"] = BrokerFor();
    }

    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"run --project {SampleProject} -c {configuration} --no-build -- --token {token}" + (tenant is null ? "" : $" --tenant {tenant}"),
        EnvironmentVariables = sampleVariables,
    });
    if (exit != 0)
    {
        throw new Exception($"The sample stopped with exit code {exit}; its message is above. Is the service running (dotnet cake --target=Run)?");
    }
});

Task("Bench")
    .Description("Runs the benchmarks against a fresh database and prints a markdown table (also in artifacts/bench/results.md). --quick for a smoke run, --commands-only for scenarios 1 and 2, --bus-only for scenario 1 and the bus scenarios, --lag-only for scenario 1 and the projection lag under load; --lag-seconds=N sets how long scenario 8 loads the service (30 s quick, 300 s full), --history=100,10000 the history sizes of scenario 6.")
    .Does(() =>
{
    const string BenchDatabase = "tenancy_bench";
    string connection;
    if (!string.IsNullOrWhiteSpace(configuredConnection))
    {
        connection = configuredConnection;
        Information("Using the PostgreSQL configured in ConnectionStrings__Postgres (its database must be empty).");
    }
    else
    {
        localPostgres.Start();
        localPostgres.EnsureDatabase(BenchDatabase, recreate: true, fastCommits: true);
        connection = localPostgres.ConnectionString(BenchDatabase);
    }

    var project = "./tests/EventSourcedTenancy.Benchmarks/EventSourcedTenancy.Benchmarks.csproj";
    DotNetBuild(project, new DotNetBuildSettings { Configuration = "Release" });
    try
    {
        var variables = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connection };
        if (!HasArgument("commands-only") && !HasArgument("lag-only"))
        {
            // Scenarios 3r and 7r: the service with RabbitMQ as its bus.
            variables["ConnectionStrings__RabbitMQ"] = BrokerFor();
        }

        var exit = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = $"run --project {project} -c Release --no-build -- --out {artifacts.Combine("bench").CombineWithFilePath("results.md").FullPath}" + (HasArgument("quick") ? " --quick" : "") + (HasArgument("commands-only") ? " --commands-only" : "") + (HasArgument("bus-only") ? " --bus-only" : "") + (HasArgument("lag-only") ? " --lag-only" : "") + (HasArgument("lag-seconds") ? $" --lag-seconds {Argument<int>("lag-seconds")}" : "") + (HasArgument("history") ? $" --history {Argument<string>("history")}" : ""),
            EnvironmentVariables = variables,
        });
        if (exit != 0)
        {
            throw new Exception($"The benchmarks stopped with exit code {exit}; the reason is above.");
        }
    }
    finally
    {
        if (localPostgres.StartedHere)
        {
            localPostgres.Stop();
        }

        if (localRabbitMq.StartedHere)
        {
            localRabbitMq.Stop();
        }
    }
});

Task("Mutate")
    .Description("Mutation testing (Stryker.NET) of the domain project with the domain tests; reports in artifacts/mutation/. --since[=<commit>] for changed files only.")
    .Does(() =>
{
    // Only the domain: it needs no database, and a full run takes long enough on two cores (docs/mutation.md).
    var output = artifacts.Combine("mutation");
    var sinceTarget = HasArgument("since") ? Argument("since", "") : null;
    var since = sinceTarget is null ? "" : $" --since:{(sinceTarget.Length == 0 ? "main" : sinceTarget)}";
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"stryker --config-file {MakeAbsolute(File("./stryker-config.json")).FullPath} --output {output.FullPath} --skip-version-check{since}",
        WorkingDirectory = "./tests/EventSourcedTenancy.Domain.Tests",
    });
    if (exit != 0)
    {
        throw new Exception($"Stryker stopped with exit code {exit}: the mutation score is below the break threshold in stryker-config.json, or the run failed (see above). Report: {output.FullPath}/reports/mutation-report.html");
    }
});

Task("Default").IsDependentOn("Build");

RunTarget(target);

static bool PortIsFree(string host, int port)
{
    var address = host == "localhost" ? System.Net.IPAddress.Loopback : System.Net.IPAddress.Parse(host);
    try
    {
        var probe = new System.Net.Sockets.TcpListener(address, port);
        probe.Start();
        probe.Stop();
        return true;
    }
    catch (System.Net.Sockets.SocketException)
    {
        return false;
    }
}

void PrintTestSummary(DirectoryPath results)
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles($"{results.FullPath}/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters is null) continue;
        passed += (int?)counters.Attribute("passed") ?? 0;
        failed += (int?)counters.Attribute("failed") ?? 0;
        skipped += (int?)counters.Attribute("notExecuted") ?? 0;
    }

    Information(skipped > 0 ? $"Tests: {passed} passed, {failed} failed, {skipped} skipped" : $"Tests: {passed} passed, {failed} failed");
}
