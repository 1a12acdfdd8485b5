using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>A real s3rver (npm, installed by <c>./build.sh test</c> into .cache/npm) on 127.0.0.1. It can be stopped
/// with SIGKILL (a dead link: the folder with its objects stays) and started again on the same port and folder.
/// Dispose kills it; the folder belongs to the caller (usually inside a <see cref="TempDir"/>).</summary>
internal sealed class S3rverProcess : IDisposable
{
    /// <summary>s3rver's only account: access key and secret are both this.</summary>
    public const string Credential = "S3RVER";

    private readonly string? _bucket;
    private readonly Queue<string> _output = new();
    private Process? _process;

    private S3rverProcess(string directory, int port, string? bucket)
    {
        Directory = directory;
        Port = port;
        _bucket = bucket;
    }

    public string Directory { get; }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Last lines s3rver printed, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    /// <summary>Starts s3rver over <paramref name="directory"/> on a free port (or <paramref name="port"/>), creating
    /// <paramref name="bucket"/> unless null; returns once it accepts connections.</summary>
    public static async Task<S3rverProcess> StartAsync(string directory, string? bucket, int? port = null)
    {
        var server = new S3rverProcess(directory, port ?? FreePort.Next(), bucket);
        await server.StartAgainAsync();
        return server;
    }

    public static string Script
    {
        get
        {
            var script = Path.Combine(TestData.RepoRoot, ".cache", "npm", "node_modules", "s3rver", "bin", "s3rver.js");
            if (!File.Exists(script)) Assert.Fail($"{script} not found: run ./scripts/install-test-deps.sh (or ./build.sh test) first.");
            return script;
        }
    }

    /// <summary>(Re)starts the server on the same port and folder; the objects stored before are served again.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning) throw new InvalidOperationException("s3rver is already running");
        System.IO.Directory.CreateDirectory(Directory);
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Without the legacy provider, s3rver's continuation-token cipher fails and paginated listings return 500.
        psi.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        foreach (var arg in new[] { Script, "--directory", Directory, "--port", Port.ToString(), "--address", "127.0.0.1", "--silent" })
            psi.ArgumentList.Add(arg);
        if (_bucket is not null)
        {
            // Last: s3rver reads config file paths after the bucket name until the next option.
            psi.ArgumentList.Add("--configure-bucket");
            psi.ArgumentList.Add(_bucket);
        }
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        if (!process.Start()) Assert.Fail("could not start node for s3rver");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited) Assert.Fail($"s3rver on port {Port} exited with code {process.ExitCode}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        Stop();
        Assert.Fail($"s3rver did not listen on 127.0.0.1:{Port} within 30s:\n{Output}");
    }

    /// <summary>SIGKILL: connections drop mid-request and the port goes dead, as when the uplink fails.</summary>
    public void Stop()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.WaitForExit(10_000);
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 50) _output.Dequeue();
        }
    }
}
