using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>What cloud and edge nodes share in a <see cref="ClusterDeployment"/>: a config file written once (fixed
/// HTTP and cluster ports), a process that can be SIGKILLed and started again on the same config, the logs of every
/// run, and JSON polling over HTTP.</summary>
internal abstract class ClusterMember : IDisposable
{
    private readonly List<NodeProcess> _runs = [];
    private readonly object _gate = new();

    protected ClusterMember(string name, string dll, string directory, int httpPort, int clusterPort)
    {
        Name = name;
        Dll = dll;
        Directory = directory;
        HttpPort = httpPort;
        ClusterPort = clusterPort;
        ConfigFile = System.IO.Path.Combine(directory, "node.conf");
        Http = new HttpClient { BaseAddress = new Uri(HttpUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    /// <summary>The node's dll (<see cref="TestData.EdgeDll"/> or <see cref="TestData.CloudDll"/>).</summary>
    public string Dll { get; }

    /// <summary>This node's own folder (config, data); under the deployment's temp folder.</summary>
    public string Directory { get; }

    public string ConfigFile { get; }

    public int HttpPort { get; }

    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";

    /// <summary>The Akka.Remote port the node binds (and, unless its HOCON says otherwise, the one others dial).</summary>
    public int ClusterPort { get; }

    /// <summary>"127.0.0.1:port", as seeds are written.</summary>
    public string ClusterEndpoint => $"127.0.0.1:{ClusterPort}";

    /// <summary>The Akka address other members list it under.</summary>
    public string AkkaAddress => $"akka.tcp://edgelabel@127.0.0.1:{ClusterPort}";

    public HttpClient Http { get; }

    /// <summary>Extra environment of the process (the admin token, a connection string).</summary>
    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>The current (or last) process; null before the first start.</summary>
    public NodeProcess? Process { get { lock (_gate) return _runs.Count == 0 ? null : _runs[^1]; } }

    public bool IsRunning => Process is { HasExited: false };

    /// <summary>How many times the process was started.</summary>
    public int Starts { get { lock (_gate) return _runs.Count; } }

    public int Kills { get; private set; }

    /// <summary>Writes the config (first start only: a restart reuses it) and starts the process.</summary>
    public NodeProcess Start()
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running");
        if (!File.Exists(ConfigFile)) File.WriteAllText(ConfigFile, RenderConfig());
        var process = NodeProcess.Start(Dll, Directory, Environment, "run", "--config", ConfigFile);
        lock (_gate) _runs.Add(process);
        return process;
    }

    /// <summary>SIGKILL (the whole process tree), no chance to flush or leave the cluster.</summary>
    public void Kill()
    {
        if (Process is not { } process || process.HasExited) return;
        process.Kill();
        Kills++;
    }

    /// <summary>SIGKILL, then start again on the same config, ports and data.</summary>
    public NodeProcess KillAndRestart()
    {
        Kill();
        return Start();
    }

    /// <summary>The HOCON file of this node (written once, at the first start).</summary>
    protected abstract string RenderConfig();

    /// <summary>GET <paramref name="path"/> as JSON, or null while the node is down, starting, or answers non-2xx.</summary>
    public async Task<T?> TryGetAsync<T>(string path, CancellationToken ct = default) where T : class
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await Http.GetAsync(path, cts.Token);
            if (!response.IsSuccessStatusCode) return null;
            return await response.Content.ReadFromJsonAsync<T>(NodeStatus.Json, cts.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException)
        {
            return null; // down, or killed in the middle of an answer
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Polls <paramref name="probe"/> every <paramref name="interval"/> (default 250 ms) until
    /// <paramref name="done"/> holds; fails with the last answer and this node's log when the timeout passes or the
    /// process exits by itself.</summary>
    public async Task<T> WaitForAsync<T>(Func<CancellationToken, Task<T?>> probe, Func<T, bool> done, TimeSpan timeout, string what,
        CancellationToken ct = default, TimeSpan? interval = null) where T : class
    {
        var clock = Stopwatch.StartNew();
        T? last = null;
        while (clock.Elapsed < timeout)
        {
            if (Process is { HasExited: true } exited)
                Assert.Fail($"{Name} exited (code {exited.ExitCode}) while waiting for {what}. Last: {last}\n{Logs()}");
            if (await probe(ct) is { } answer)
            {
                last = answer;
                if (done(answer)) return answer;
            }
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250), ct);
        }
        Assert.Fail($"{Name}: timed out after {timeout.TotalSeconds:0}s waiting for {what}. Last: {last?.ToString() ?? "(never answered)"}\n{Logs()}");
        return null!;
    }

    /// <summary>The log tails of every run of this node (oldest first), for failure messages.</summary>
    public string Logs(int linesPerRun = 60)
    {
        NodeProcess[] runs;
        lock (_gate) runs = _runs.ToArray();
        var text = new StringBuilder($"===== {Name} ({runs.Length} run(s), {Kills} kill(s)) =====\n");
        for (var i = 0; i < runs.Length; i++)
            text.AppendLine($"-- run {i + 1}:").AppendLine(runs[i].LogTail(i == runs.Length - 1 ? linesPerRun : Math.Min(linesPerRun, 20)));
        return text.ToString();
    }

    /// <summary>The full log of every run (for a file next to a failed run).</summary>
    public string FullLogs()
    {
        NodeProcess[] runs;
        lock (_gate) runs = _runs.ToArray();
        return string.Join("\n", runs.Select((r, i) => $"===== {Name} run {i + 1}\n{r.Log}"));
    }

    public void Dispose()
    {
        NodeProcess[] runs;
        lock (_gate) runs = _runs.ToArray();
        foreach (var run in runs) run.Dispose();
        Http.Dispose();
    }

    protected static string Quote(string value) => SiteConfig.Quote(value);
}
