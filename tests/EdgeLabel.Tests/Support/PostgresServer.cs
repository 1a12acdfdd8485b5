using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EdgeLabel.Tests.Support;

/// <summary>A real, throwaway PostgreSQL server from Debian's <c>postgresql</c> package: <c>initdb</c> into a temp
/// directory (as the <c>postgres</c> OS user when the tests run as root), trust authentication on 127.0.0.1 only,
/// a free port, <c>pg_ctl start -w</c>; stopped with <c>pg_ctl stop -m immediate</c> and deleted on dispose.
/// Shared by every test in the <see cref="PostgresCollection"/>; each test takes its own database.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Database = "edgelabel";
    private const string SuperUser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private string _root = "";
    private string _dataDir = "";
    private string _binDir = "";
    private bool _started;

    /// <summary>Connection string of the <see cref="Database"/> database.</summary>
    public string ConnectionString { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>How long initdb + start + CREATE DATABASE took, for the test log.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _binDir = FindBinaries();
        var asPostgresUser = Environment.IsPrivilegedProcess;
        _root = Path.Combine(Path.GetTempPath(), $"edgelabel-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        if (asPostgresUser)
            // initdb refuses to run as root; the data directory must belong to the server's user.
            await RunAsync("chown", ["postgres:postgres", _root], asPostgresUser: false);
        _dataDir = Path.Combine(_root, "data");

        // --no-sync and fsync=off below: a throwaway server, durability across OS crashes is not under test.
        await RunTool("initdb", ["-D", _dataDir, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], asPostgresUser);

        // Ports are picked free and bound by the server a moment later: retry the rare race with another process.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={_root} " +
                          "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                await RunTool("pg_ctl", ["start", "-w", "-t", ((int)StartTimeout.TotalSeconds).ToString(), "-D", _dataDir,
                    "-l", Path.Combine(_root, "server.log"), "-o", options], asPostgresUser);
                _started = true;
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && ServerLogMentions("could not bind"))
            {
            }
        }

        ConnectionString = await CreateDatabaseAsync(Database);
        StartupTime = clock.Elapsed;
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionStringFor("postgres")))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionStringFor(name);
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        // A test that stops an ActorSystem mid-write must not hold connections for the next one.
        Pooling = false,
    }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            try
            {
                await RunTool("pg_ctl", ["stop", "-D", _dataDir, "-m", "immediate", "-w"], Environment.IsPrivilegedProcess);
            }
            catch (InvalidOperationException)
            {
                KillPostmaster();
            }
        }
        try
        {
            if (_root.Length > 0 && Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the OS may still be releasing the server's files
        }
    }

    /// <summary>The newest installed major version's bin directory, e.g. /usr/lib/postgresql/15/bin.</summary>
    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries not found (no {root}/*/bin/initdb and pg_ctl). " +
            "Install the test dependencies with scripts/install-test-deps.sh (Debian package 'postgresql'), then run the tests again.");
    }

    private Task RunTool(string tool, IReadOnlyList<string> args, bool asPostgresUser) =>
        RunAsync(Path.Combine(_binDir, tool), args, asPostgresUser);

    private async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgresUser)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgresUser ? "runuser" : program,
            // The postgres user may not be allowed into the caller's working directory (e.g. /root).
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
            foreach (var a in (string[])["-u", "postgres", "--", program]) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["LC_ALL"] = "C";
        start.Environment["TZ"] = "UTC";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        // pg_ctl start leaves the server running with our pipes inherited unless -l redirects it; -l is always given.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish within {StartTimeout + TimeSpan.FromSeconds(30)}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}{await stderr}{ServerLogTail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string ServerLog => Path.Combine(_root, "server.log");

    private bool ServerLogMentions(string text) => File.Exists(ServerLog) && File.ReadAllText(ServerLog).Contains(text, StringComparison.Ordinal);

    private string ServerLogTail() =>
        File.Exists(ServerLog) ? "\nserver.log:\n" + string.Join('\n', File.ReadAllLines(ServerLog).TakeLast(20)) : "";

    // Last resort when pg_ctl cannot stop it: the postmaster's pid is the first line of postmaster.pid.
    private void KillPostmaster()
    {
        var pidFile = Path.Combine(_dataDir, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)) return;
        try
        {
            using var postmaster = Process.GetProcessById(pid);
            postmaster.Kill(entireProcessTree: true);
            postmaster.WaitForExit(10_000);
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }
}

/// <summary>Tests that share one <see cref="PostgresServer"/>; run one after another within the collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
