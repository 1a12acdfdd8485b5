using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Cli.Ctl;
using EdgeLabel.NodeProcesses;

namespace EdgeLabel.Cli.LocalCluster;

/// <summary><c>cluster up|down|status [FILE]</c>: a deployment file's nodes as local processes. <c>up</c> validates
/// every node file together, starts the cloud nodes, then the sites, waits until each answers <c>/healthz</c>, the first
/// cloud node sees every node as an Up member and every node passes every <c>/ready</c> check, and leaves them running (logs, state, admin token and portal passwords under the deployment's out-dir); <c>down</c>
/// stops them (SIGTERM, then SIGKILL after a grace period); <c>status</c> tells which run and answer.</summary>
public static class LocalClusterCommands
{
    public const string DefaultFile = "hocon/deployments/local.conf";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The deployment file", DefaultValueFactory = _ => DefaultFile };
        var up = new Command("up", "Validate the deployment's node files, start every node, wait until each is healthy") { file };
        up.SetAction((r, ct) => Guard(() => UpAsync(r.GetValue(file)!, ct)));
        var down = new Command("down", "Stop every node of the deployment") { file };
        down.SetAction((r, ct) => Guard(() => DownAsync(r.GetValue(file)!)));
        var status = new Command("status", "Which nodes run and answer /healthz and /ready") { file };
        status.SetAction((r, ct) => Guard(() => StatusAsync(r.GetValue(file)!, ct)));
        return new Command("cluster", "A deployment as local processes on this machine") { up, down, status };
    }

    private static async Task<int> UpAsync(string file, CancellationToken ct)
    {
        var deployment = DeploymentFile.Read(file);
        if (ClusterState.Load(deployment.OutDir) is { } previous && previous.Nodes.Any(ClusterState.IsRunning))
            throw new CtlException($"{deployment.Name} is already up ({string.Join(", ", previous.Nodes.Where(ClusterState.IsRunning).Select(n => n.Name))}); run `cluster down` first");

        var configs = Validate(deployment);
        var workers = configs.Values.Select(c => c.Cloud).OfType<CloudSettings>().First().GroundTruth.Workers;
        var credentials = NodeCredentials.Create(workers);
        Directory.CreateDirectory(deployment.OutDir);
        WriteSecret(Path.Combine(deployment.OutDir, "admin-token"), credentials.AdminToken);
        WriteSecret(Path.Combine(deployment.OutDir, "portal-passwords"), string.Join('\n', credentials.Passwords.Select(p => $"{p.Worker} {p.Password}")) + "\n");

        var binaries = NodeBinaries.Locate();
        var started = new List<(StartedNode Node, NodeProcess Process)>();
        try
        {
            // Clouds first: the sites' seeds are cloud nodes, and a site that finds none keeps retrying anyway.
            foreach (var spec in deployment.Nodes.OrderBy(n => n.Kind == NodeKind.Cloud ? 0 : 1))
            {
                var config = configs[spec.Name];
                var url = config.Cloud?.HttpUrl ?? config.Edge!.HttpUrl;
                var log = Path.Combine(deployment.OutDir, "logs", spec.Name + ".log");
                var process = NodeProcess.Start(spec.Name, binaries.DotnetHost, spec.Kind == NodeKind.Cloud ? binaries.CloudDll : binaries.EdgeDll,
                    spec.Config, log, Directory.GetCurrentDirectory(),
                    spec.Kind == NodeKind.Cloud ? credentials.CloudEnvironment : new Dictionary<string, string>(), detached: true);
                started.Add((new StartedNode(spec.Name, spec.Kind.ToString().ToLowerInvariant(), process.Pid, spec.Config, url, log), process));
                Console.WriteLine($"started {spec.Name} ({spec.Kind.ToString().ToLowerInvariant()}, pid {process.Pid}) at {url}, log {Relative(log)}");
            }
            new ClusterState(deployment.Name, DateTimeOffset.UtcNow, started.Select(s => s.Node).ToList()).Save(deployment.OutDir);
            await WaitHealthyAsync(started, ct);
            await WaitAllMembersUpAsync(started, credentials.AdminToken, ct);
            await WaitAllReadyAsync(started, ct);
        }
        catch (Exception) when (started.Count > 0)
        {
            foreach (var (_, process) in started) process.Kill();
            File.Delete(ClusterState.PathIn(deployment.OutDir));
            throw;
        }
        Console.WriteLine($"{deployment.Name} is up: {started.Count} nodes. Admin token: {Relative(Path.Combine(deployment.OutDir, "admin-token"))} " +
                          $"(edgelabel ctl --token-file ...); portal passwords: {Relative(Path.Combine(deployment.OutDir, "portal-passwords"))}");
        return 0;
    }

    private static Dictionary<string, ValidatedConfig> Validate(DeploymentFile deployment)
    {
        var problems = new List<ConfigProblem>();
        var valid = new Dictionary<string, ValidatedConfig>();
        foreach (var node in deployment.Nodes)
        {
            var (config, fileProblems) = ConfigValidator.Validate(node.Config, node.Kind);
            problems.AddRange(fileProblems);
            if (config is not null) valid[node.Name] = config;
        }
        problems.AddRange(DeploymentChecks.Find(valid.Values.ToList()));
        if (problems.Count == 0) return valid;
        foreach (var problem in problems) Console.Error.WriteLine(problem);
        throw new CtlException($"{problems.Count} problem(s) in {deployment.Name}'s node files; nothing was started");
    }

    private static Task WaitHealthyAsync(IReadOnlyList<(StartedNode Node, NodeProcess Process)> nodes, CancellationToken ct) =>
        WaitEachAsync(nodes, "/healthz", "healthy", (node, elapsed) => Console.WriteLine($"{node.Name} healthy after {elapsed.TotalSeconds:0.0}s"), ct);

    /// <summary>Polls <paramref name="path"/> on every node until each has answered 200 once; a node whose process
    /// exits, or the start timeout, ends the wait with the node's log tail.</summary>
    private static async Task WaitEachAsync(IReadOnlyList<(StartedNode Node, NodeProcess Process)> nodes, string path, string what,
        Action<StartedNode, TimeSpan>? passed, CancellationToken ct, Func<string, bool>? bodyPasses = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        var waiting = nodes.ToList();
        while (waiting.Count > 0)
        {
            foreach (var node in waiting.ToList())
            {
                if (node.Process.HasExited)
                    throw new CtlException($"{node.Node.Name} exited with code {node.Process.ExitCode}:\n{node.Process.LogTail(20)}");
                if (await AnswersOkAsync(http, node.Node, path, ct, bodyPasses))
                {
                    passed?.Invoke(node.Node, clock.Elapsed);
                    waiting.Remove(node);
                }
            }
            if (waiting.Count == 0) break;
            if (clock.Elapsed > StartTimeout)
                throw new CtlException($"not {what} after {StartTimeout.TotalSeconds:0}s: {string.Join(", ", waiting.Select(w => w.Node.Name))} " +
                                       $"(GET {path} names the reasons)\n{waiting[0].Process.LogTail(20)}");
            await Task.Delay(500, ct);
        }
    }

    /// <summary>A healthy edge may still be joining (its /healthz is about its own work, not the link), so "up" also
    /// means every node is an Up member in the first cloud node's view: what <c>ctl cluster show</c> then reports.</summary>
    private static async Task WaitAllMembersUpAsync(IReadOnlyList<(StartedNode Node, NodeProcess Process)> nodes, string adminToken, CancellationToken ct)
    {
        var cloud = nodes.First(n => n.Node.Kind == "cloud").Node;
        using var admin = new AdminClient(new Uri(cloud.HttpUrl), adminToken);
        var clock = Stopwatch.StartNew();
        var lastSeen = "";
        while (true)
        {
            foreach (var (node, process) in nodes)
                if (process.HasExited)
                    throw new CtlException($"{node.Name} exited with code {process.ExitCode}:\n{process.LogTail(20)}");
            try
            {
                var view = await admin.GetAsync("/cluster", ct);
                var members = view.GetProperty("members").EnumerateArray()
                    .Select(m => (Status: m.GetProperty("status").GetString(), Unreachable: m.GetProperty("unreachable").GetBoolean()))
                    .ToList();
                var up = members.Count(m => m is { Status: "up", Unreachable: false });
                lastSeen = $"{up} of {nodes.Count} members up ({string.Join(", ", members.Select(m => m.Status))})";
                if (up == nodes.Count && members.Count == nodes.Count)
                {
                    Console.WriteLine($"all {nodes.Count} members up after {clock.Elapsed.TotalSeconds:0.0}s");
                    return;
                }
            }
            catch (CtlException e)
            {
                lastSeen = e.Message;
            }
            if (clock.Elapsed > StartTimeout)
                throw new CtlException($"the cluster did not converge in {StartTimeout.TotalSeconds:0}s: {cloud.Name} sees {lastSeen}");
            await Task.Delay(500, ct);
        }
    }

    /// <summary>Members can be Up before they can serve (a cloud node's first dataset ask waits for its shard to be
    /// allocated and recovered), and a site learns it is Up from gossip a moment after the leader has moved it, so "up"
    /// ends when every node's GET /ready answers 200 with every check passed, the advisory ones (a site's own
    /// membership, reachability) included.</summary>
    private static async Task WaitAllReadyAsync(IReadOnlyList<(StartedNode Node, NodeProcess Process)> nodes, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await WaitEachAsync(nodes, "/ready", "ready with every check passed", null, ct, EveryCheckPassed);
        Console.WriteLine($"all {nodes.Count} nodes ready after {clock.Elapsed.TotalSeconds:0.0}s");
    }

    private static bool EveryCheckPassed(string readyBody)
    {
        try
        {
            using var ready = JsonDocument.Parse(readyBody);
            return ready.RootElement.GetProperty("checks").EnumerateArray().All(c => c.GetProperty("ok").GetBoolean());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static Task<bool> IsHealthyAsync(HttpClient http, StartedNode node, CancellationToken ct) => AnswersOkAsync(http, node, "/healthz", ct);

    private static async Task<bool> AnswersOkAsync(HttpClient http, StartedNode node, string path, CancellationToken ct,
        Func<string, bool>? bodyPasses = null)
    {
        try
        {
            using var response = await http.GetAsync(node.HttpUrl.TrimEnd('/') + path, ct);
            if (!response.IsSuccessStatusCode) return false;
            return bodyPasses is null || bodyPasses(await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<int> DownAsync(string file)
    {
        var deployment = DeploymentFile.Read(file);
        var state = ClusterState.Load(deployment.OutDir);
        var running = state?.Nodes.Where(ClusterState.IsRunning).ToList() ?? [];
        if (running.Count == 0)
        {
            Console.WriteLine($"{deployment.Name}: no node running");
            if (state is not null) File.Delete(ClusterState.PathIn(deployment.OutDir));
            return 0;
        }
        // Sites first, so no site is left delivering to clouds that are going away; the clouds leave together.
        foreach (var group in running.GroupBy(n => n.Kind == "cloud" ? 1 : 0).OrderBy(g => g.Key))
        {
            foreach (var node in group) _ = NodeProcess.SendSignal(node.Pid, 15);
            var clock = Stopwatch.StartNew();
            while (group.Any(ClusterState.IsRunning) && clock.Elapsed < StopGrace) await Task.Delay(200);
            foreach (var node in group)
            {
                var killed = ClusterState.IsRunning(node) && NodeProcess.SendSignal(node.Pid, 9) == 0;
                Console.WriteLine($"stopped {node.Name} (pid {node.Pid}){(killed ? $": killed after {StopGrace.TotalSeconds:0}s" : "")}");
            }
        }
        File.Delete(ClusterState.PathIn(deployment.OutDir));
        Console.WriteLine($"{deployment.Name} is down; logs stay in {Relative(Path.Combine(deployment.OutDir, "logs"))}");
        return 0;
    }

    private static async Task<int> StatusAsync(string file, CancellationToken ct)
    {
        var deployment = DeploymentFile.Read(file);
        var state = ClusterState.Load(deployment.OutDir);
        if (state is null)
        {
            Console.WriteLine($"{deployment.Name}: not up (no {Relative(ClusterState.PathIn(deployment.OutDir))})");
            return 1;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var table = new Table("node", "kind", "pid", "running", "healthy", "ready", "url", "log");
        var allWell = true;
        foreach (var node in state.Nodes)
        {
            var running = ClusterState.IsRunning(node);
            var healthy = running && await IsHealthyAsync(http, node, ct);
            var ready = running && await AnswersOkAsync(http, node, "/ready", ct);
            allWell &= healthy && ready;
            table.Add(node.Name, node.Kind, node.Pid, running, healthy, ready, node.HttpUrl, Relative(node.Log));
        }
        Console.Write($"{state.Deployment}, started {state.StartedAt:u}\n{table}");
        return allWell ? 0 : 1;
    }

    private static void WriteSecret(string path, string text)
    {
        File.Delete(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    private static string Relative(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);

    private static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is CtlException or ConfigurationException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e is CtlException ? 1 : 2;
        }
    }
}
