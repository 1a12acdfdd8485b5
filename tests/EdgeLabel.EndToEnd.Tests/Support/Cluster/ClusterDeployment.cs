// Harness for multi-process cluster tests (real `dotnet edgelabel-cloud.dll` / `edgelabel-edge.dll` on 127.0.0.1).
// Cloud nodes are `CloudNode`, edge nodes `EdgeSite`. Outside namespace ...Support.Cluster, the bare name `CloudNode` is
// the product's namespace EdgeLabel.CloudNode (it wins over using directives): use `var`, or Support.Cluster.CloudNode.
//
//   await using var cluster = new ClusterDeployment("my-test", output);        // temp dir, nothing started yet
//   var c1 = cluster.AddCloud(); var c2 = cluster.AddCloud();                  // free HTTP + Akka ports; seeds = every cloud added
//   var a = cluster.AddEdge("site-a", new() { ["gate"] = SiteConfig.DirectoryCamera(dir),
//                                             ["synth"] = EdgeSite.SyntheticCamera(200, seed: 7) });
//   await cluster.StartAsync(ct);     // clouds (first seed first) until /healthz 200, then edges until their cluster is Up
//   var (edges, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromMinutes(4), ct: ct);
//        // each edge: cameras done, outbox drained, delivery acknowledged == queued (EdgeStatus by site); then the
//        // dataset's high-water mark of every site == its queued count (DatasetStatsJson, from any running cloud)
//   var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
//   cluster.AssertNothingLostNothingDuplicated(edges, stats, manifest);        // the standard end-of-test checks
// Finer: a.WaitForStatusAsync(s => ..., timeout, "what", ct); cluster.WaitForStatsAsync(st => ..., timeout, "what", ct).
//
// Options: AddCloud(journal: CloudJournal, extraHocon: ["cluster.public-port = N"]) (the journal defaults to one shared
// SQLite file for the whole deployment, or UsePostgreSql(connectionString) before adding clouds); AddEdge(site, cameras,
// project: "default", extraHocon: [...]) (lines go inside `edgelabel { }` after the generated ones, so they override).
// Every node: Name, Directory, ConfigFile (written at its first start, reused by restarts), HttpPort, ClusterPort,
// ClusterEndpoint ("127.0.0.1:port"), AkkaAddress, Process (current NodeProcess), IsRunning, Start(), Kill() (SIGKILL,
// whole tree), KillAndRestart(), Starts/Kills, Logs() (tails of every run), WaitForAsync(probe, done, timeout, what).
// CloudNode: WaitUpAsync, IsHealthyAsync, TryGetClusterAsync/WaitForClusterAsync (GET /cluster), TryGetStatsAsync/
// WaitForStatsAsync (GET /datasets/{p}/stats), TryGetSitesAsync (GET /sites), ExportAsync. EdgeSite: TryGetStatusAsync/
// WaitForStatusAsync (GET /status), WaitUpAsync, WaitFullyDeliveredAsync. Deployment: Clouds, Edges, Members, Root (temp dir), Logs() (every node, for
// assertion messages), Fail(message). Dispose kills every process (even after a failed assertion), writes each node's
// log tail to the test output, and deletes the temp dir (set EDGELABEL_E2E_KEEP=1 to keep it, with full logs in it).

using System.Diagnostics;
using System.Text;

namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>N cloud nodes (<see cref="CloudNode"/>) and M edge sites (<see cref="EdgeSite"/>) as real processes in one temp folder; see the comment at the top of this
/// file for the API. Disposing it kills every process it started.</summary>
internal sealed class ClusterDeployment : IAsyncDisposable, IDisposable
{
    /// <summary>Per node and per wait: generous, because a loaded 2-core box (parallel builds) takes minutes to start a process.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(240);

    private readonly ITestOutputHelper? _output;
    private readonly List<CloudNode> _clouds = [];
    private readonly List<EdgeSite> _edges = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private CloudJournal? _journal;
    private bool _disposed;

    public ClusterDeployment(string purpose, ITestOutputHelper? output = null)
    {
        Temp = new TempDir("cluster-" + purpose);
        _output = output;
        AdminToken = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
    }

    public TempDir Temp { get; }

    public string Root => Temp.Path;

    public string AdminToken { get; }

    /// <summary>A token file that holds a token other than <see cref="AdminToken"/>, for refusals.</summary>
    public string WrongTokenFile()
    {
        var file = Path.Combine(Root, "wrong-token");
        File.WriteAllText(file, "not-the-token-0123456789");
        return file;
    }

    public IReadOnlyList<CloudNode> Clouds => _clouds;

    public IReadOnlyList<EdgeSite> Edges => _edges;

    public IEnumerable<ClusterMember> Members => _clouds.Cast<ClusterMember>().Concat(_edges);

    /// <summary>The cloud journal every later <see cref="AddCloud"/> shares (default: SQLite at Root/cloud-journal.db).</summary>
    public CloudJournal Journal => _journal ??= new CloudJournal.Sqlite(Path.Combine(Root, "cloud-journal.db"));

    public void UsePostgreSql(string connectionString) => _journal = new CloudJournal.PostgreSql(connectionString);

    /// <summary>Every cloud node's "127.0.0.1:port", in the order added (the first one forms the cluster).</summary>
    public IReadOnlyList<string> Seeds => _clouds.Select(c => c.ClusterEndpoint).ToArray();

    public CloudNode AddCloud(CloudJournal? journal = null, IReadOnlyList<string>? projects = null, IReadOnlyList<string>? extraHocon = null)
    {
        var name = $"cloud-{_clouds.Count + 1}";
        var node = new CloudNode(name, Temp.Sub(name), FreePort.Next(), FreePort.Next(), () => Seeds, journal ?? Journal, AdminToken,
            projects ?? ["default"], extraHocon ?? []);
        _clouds.Add(node);
        return node;
    }

    public EdgeSite AddEdge(string site, IReadOnlyDictionary<string, string> cameras, string project = "default", IReadOnlyList<string>? extraHocon = null)
    {
        var node = new EdgeSite(site, Temp.Sub("edge-" + site), FreePort.Next(), FreePort.Next(), () => Seeds, project, cameras, extraHocon ?? []);
        _edges.Add(node);
        return node;
    }

    /// <summary>Starts every cloud node (waits until each is Up and sees all clouds Up), then every edge (waits until
    /// each is an Up member).</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        foreach (var cloud in _clouds) cloud.Start();
        foreach (var cloud in _clouds) await cloud.WaitUpAsync(StartTimeout, ct);
        await _clouds[0].WaitForClusterAsync(v => v.UpWithRole("cloud") == _clouds.Count, StartTimeout, $"{_clouds.Count} cloud node(s) Up", ct);
        foreach (var edge in _edges) edge.Start();
        foreach (var edge in _edges) await edge.WaitUpAsync(StartTimeout, ct);
        Log($"started {_clouds.Count} cloud + {_edges.Count} edge node(s) in {_clock.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>Dataset stats from whichever cloud node answers first (the dataset may live on either).</summary>
    public async Task<DatasetStatsJson?> TryGetStatsAsync(string project = "default", CancellationToken ct = default)
    {
        foreach (var cloud in _clouds.Where(c => c.IsRunning))
            if (await cloud.TryGetStatsAsync(project, ct) is { } stats)
                return stats;
        return null;
    }

    /// <summary>Polls the dataset stats (from any running cloud node) until <paramref name="done"/> holds; fails with
    /// the last stats, every edge's status and every node's log.</summary>
    public async Task<DatasetStatsJson> WaitForStatsAsync(Func<DatasetStatsJson, bool> done, TimeSpan timeout, string what,
        string project = "default", CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        DatasetStatsJson? last = null;
        while (clock.Elapsed < timeout)
        {
            if (await TryGetStatsAsync(project, ct) is { } stats)
            {
                last = stats;
                if (done(stats)) return stats;
            }
            await Task.Delay(500, ct);
        }
        Fail($"timed out after {timeout.TotalSeconds:0}s waiting for {what}. Last stats: {last?.ToString() ?? "(no cloud answered)"}\n" +
             await EdgeStatusesAsync(ct));
        return null!;
    }

    /// <summary>Exports from the first running cloud node.</summary>
    public Task<DatasetExportedJson> ExportAsync(string project = "default", CancellationToken ct = default) =>
        (_clouds.FirstOrDefault(c => c.IsRunning) ?? throw new InvalidOperationException("no cloud node running")).ExportAsync(project, ct: ct);

    /// <summary>Waits until every edge of <paramref name="edges"/> (default: all) has delivered everything, then until the
    /// dataset holds exactly their images; returns both (the edges' final statuses by site).</summary>
    public async Task<(IReadOnlyDictionary<string, EdgeStatus> Edges, DatasetStatsJson Stats)> WaitForEverythingDeliveredAsync(
        TimeSpan timeout, IReadOnlyList<EdgeSite>? edges = null, string project = "default", CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var finals = new Dictionary<string, EdgeStatus>();
        foreach (var edge in edges ?? _edges)
            finals[edge.Site] = await edge.WaitFullyDeliveredAsync(Remaining(timeout, clock), ct);
        Log("edges fully delivered: " + string.Join("; ", finals.Select(p => $"{p.Key} {p.Value.Delivered} images, {p.Value.Delivery!.Queued} records")));
        var expected = finals.Values.Sum(s => s.Delivered);
        var stats = await WaitForStatsAsync(s => finals.All(p => s.HighWater(p.Key) == p.Value.Delivery!.Queued),
            Remaining(timeout, clock), $"the dataset to absorb every record ({expected} images)", project, ct);
        Log($"dataset: {stats}");
        return (finals, stats);
    }

    /// <summary>The end-of-test checks every cluster test makes: nothing lost, nothing duplicated, every image where
    /// it belongs. <paramref name="edges"/> are the edges' final statuses by site (every site in the dataset).</summary>
    public void AssertNothingLostNothingDuplicated(IReadOnlyDictionary<string, EdgeStatus> edges, DatasetStatsJson stats, ExportedManifest manifest)
    {
        var expected = edges.Values.Sum(s => s.Delivered);
        string Context() => $"stats: {stats}\nedges:\n{string.Join("\n", edges.Select(p => $"{p.Key}: {p.Value}"))}\nmanifest: {manifest.File}";
        // Nothing lost: every image every edge decided (and did not quarantine) is in the dataset and the export.
        Check(stats.Images == expected, () => $"the dataset holds {stats.Images} images, the edges delivered {expected}\n{Context()}");
        Check(manifest.Count == expected, () => $"the export has {manifest.Count} lines, the edges delivered {expected}\n{Context()}");
        // Nothing duplicated: one line per content id, no record absorbed twice, each site's mark = what it queued.
        Check(manifest.UniqueContentIds == manifest.Count, () => $"the export has {manifest.Count} lines but {manifest.UniqueContentIds} distinct content ids\n{Context()}");
        Check(stats.DuplicateRecords == 0, () => $"duplicateRecords = {stats.DuplicateRecords}\n{Context()}");
        Check(stats.BySite.Keys.All(edges.ContainsKey), () => $"the dataset has images of unknown sites\n{Context()}");
        foreach (var (site, edge) in edges)
        {
            Check(stats.Site(site) == edge.Delivered, () => $"bySite[{site}] = {stats.Site(site)}, the edge delivered {edge.Delivered}\n{Context()}");
            Check(manifest.OfSite(site) == edge.Delivered, () => $"the export has {manifest.OfSite(site)} images of {site}, the edge delivered {edge.Delivered}\n{Context()}");
            Check(stats.HighWater(site) == edge.Delivery!.Queued, () => $"high-water mark of {site} = {stats.HighWater(site)}, the edge queued {edge.Delivery.Queued}\n{Context()}");
            // Review and audit images were uploaded, so their notice moved them to awaiting-review; the rest are auto-labeled.
            var humans = edge.Decisions.Review + edge.Decisions.Audit;
            Check(manifest.OfSite(site, "awaiting-review") == humans,
                () => $"{site}: {manifest.OfSite(site, "awaiting-review")} awaiting-review images in the export, the edge routed {humans} to review/audit\n{Context()}");
            Check(manifest.OfSite(site, "auto-labeled") == edge.Decisions.AutoLabeled,
                () => $"{site}: {manifest.OfSite(site, "auto-labeled")} auto-labeled images in the export, the edge auto-labeled {edge.Decisions.AutoLabeled}\n{Context()}");
        }
        Check(stats.ByStatus.GetValueOrDefault("awaiting-upload") == 0, () => $"images still awaiting upload\n{Context()}");
        // Every machine box carries its provenance: the model's id and version and the box's score.
        var boxes = 0;
        foreach (var image in manifest.Images)
        {
            Check(image.Provenance.Count == image.Annotations && image.Confidences.Count == image.Annotations,
                () => $"{image.ContentId}: {image.Annotations} boxes, {image.Provenance.Count} provenance entries, {image.Confidences.Count} confidences\n{image.Line}");
            foreach (var p in image.Provenance)
            {
                boxes++;
                Check(p is { Source: "machine", ModelId.Length: > 0, ModelVersion.Length: > 0, Score: >= 0 and <= 1 },
                    () => $"{image.ContentId}: a box without full machine provenance: {p}\n{image.Line}");
            }
        }
        Check(boxes == stats.MachineBoxes, () => $"the export has {boxes} machine boxes, the stats {stats.MachineBoxes}\n{Context()}");
        Log($"checked: {manifest.Count} images, {manifest.UniqueContentIds} distinct ids, {boxes} machine boxes with provenance, " +
            $"{stats.RejectedBoxes} rejected / {stats.ClippedBoxes} clipped boxes, 0 duplicate records");
    }

    private static TimeSpan Remaining(TimeSpan timeout, Stopwatch clock) =>
        timeout - clock.Elapsed > TimeSpan.FromSeconds(5) ? timeout - clock.Elapsed : TimeSpan.FromSeconds(5);

    /// <summary>Every edge's current /status, one line each.</summary>
    public async Task<string> EdgeStatusesAsync(CancellationToken ct = default)
    {
        var text = new StringBuilder();
        foreach (var edge in _edges) text.AppendLine($"{edge.Name}: {(await edge.TryGetStatusAsync(ct))?.ToString() ?? "(no answer)"}");
        return text.ToString();
    }

    /// <summary>The log tails of every node, every run.</summary>
    public string Logs(int linesPerRun = 40) => string.Join("\n", Members.Select(m => m.Logs(linesPerRun)));

    /// <summary>Assert.Fail with every node's log appended.</summary>
    public void Fail(string message) => Assert.Fail($"{message}\n{Logs()}");

    /// <summary>Assert.True with every node's log appended on failure (built only when it fails).</summary>
    public void Check(bool condition, Func<string> message)
    {
        if (!condition) Fail(message());
    }

    public void Log(string line) => _output?.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {line}");

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // Kill first, all of them, whatever happens next: a survivor would hold ports and the CPU for the next test.
        foreach (var member in Members)
        {
            try
            {
                member.Kill();
            }
            catch (Exception e)
            {
                _output?.WriteLine($"killing {member.Name}: {e.Message}");
            }
        }
        var keep = System.Environment.GetEnvironmentVariable("EDGELABEL_E2E_KEEP") == "1";
        foreach (var member in Members)
        {
            try
            {
                _output?.WriteLine(member.Logs(30));
                if (keep) File.WriteAllText(Path.Combine(member.Directory, "node.log"), member.FullLogs());
            }
            catch (Exception e)
            {
                _output?.WriteLine($"logs of {member.Name}: {e.Message}");
            }
            member.Dispose();
        }
        if (keep) _output?.WriteLine($"kept {Root}");
        else Temp.Dispose();
    }
}
