using System.Diagnostics;
using System.Net;
using System.Text.Json;
using EdgeLabel.Demo.Http;
using EdgeLabel.Demo.Labeling;
using EdgeLabel.Demo.Terminal;
using EdgeLabel.Demo.Topology;
using EdgeLabel.NodeProcesses;
using EdgeLabel.Terminal;

namespace EdgeLabel.Demo.Orchestration;

/// <summary>One demo run: one cloud node and two edge sites as separate processes, until every decided image is in
/// the cloud's dataset; then the export, a summary, and every node stopped (on success, failure or Ctrl+C).</summary>
public sealed class DemoRun(DemoOptions options, TextWriter output, TextWriter errors, bool interactive)
{
    public const string CloudNode = "cloud";
    public const string Project = "faces";
    private static readonly string[] LabelCategories = ["face"];
    private static readonly string[] Labelers = ["w1", "w2", "w3", "w4", "w5"];
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan UnansweredLimit = TimeSpan.FromSeconds(60);
    private const string DatasetRow = "dataset";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var layout = DemoLayout.At(options.Output);
        var pids = new PidFile(layout.PidFile, layout.Config);
        foreach (var leftover in pids.KillLeftovers()) await output.WriteLineAsync($"stopped {leftover}, left running by an earlier demo run");
        if (!options.Keep)
        {
            DeleteFolder(layout.State);
            DeleteFolder(layout.Export(Project));
        }

        var binaries = NodeBinaries.Locate();
        var sites = DemoSites.Plan(Path.GetFullPath(options.Samples), layout, options.VideoFrames);
        var ports = DemoPorts.Take(2 + 2 * sites.Count);
        var (cloudHttp, cloudCluster) = (ports[0], ports[1]);
        Directory.CreateDirectory(layout.Config);
        await File.WriteAllTextAsync(layout.ConfigFile(CloudNode), HoconFiles.Cloud(layout, Project, LabelCategories, Labelers, cloudHttp, cloudCluster), ct);
        var edgeHttp = new Dictionary<string, int>();
        for (var i = 0; i < sites.Count; i++)
        {
            edgeHttp[sites[i].Name] = ports[2 + 2 * i];
            await File.WriteAllTextAsync(layout.ConfigFile(sites[i].Name),
                HoconFiles.Edge(layout, sites[i], Project, ports[2 + 2 * i], ports[3 + 2 * i], cloudCluster), ct);
        }

        var credentials = NodeCredentials.Create(Labelers);
        using var cloud = new NodeClient(new Uri($"http://{HoconFiles.Host}:{cloudHttp}"), credentials.AdminToken);
        var edges = sites.ToDictionary(s => s.Name, s => new NodeClient(new Uri($"http://{HoconFiles.Host}:{edgeHttp[s.Name]}")));
        await output.WriteLineAsync($"EdgeLabel demo: cloud node + {sites.Count} edge sites ({string.Join("; ", sites.Select(Describe))}), " +
                                    $"project '{Project}', state in {Shown(layout.State)}");

        var nodes = new NodeSet(pids);
        try
        {
            var timings = new DemoTimings();
            var cloudNode = nodes.Add(NodeProcess.Start(CloudNode, binaries.DotnetHost, binaries.CloudDll, layout.ConfigFile(CloudNode),
                layout.LogFile(CloudNode), Directory.GetCurrentDirectory(), credentials.CloudEnvironment));
            await WaitUntilUpAsync(cloudNode, cloud, "/healthz", ct);
            timings.CloudUp = clock.Elapsed;
            await output.WriteLineAsync($"  cloud  up in {timings.CloudUp.TotalSeconds:F1} s  (pid {cloudNode.Pid}, http {cloud.BaseUrl}, cluster {HoconFiles.Host}:{cloudCluster})");
            var truth = DemoWorkforce.Truth(Path.GetFullPath(options.Samples));
            await using var workforce = DemoWorkforce.Create(cloud.BaseUrl, credentials, truth, layout.LogFile("workforce"));
            if (options.Interactive)
            {
                // People label: the sign-in details go to this terminal only (the run's secrets are never written to a file).
                await output.WriteLineAsync($"  labeling portal: {new Uri(cloud.BaseUrl, "/labeling/")}  — sign in as any of:");
                foreach (var (worker, password) in credentials.Passwords) await output.WriteLineAsync($"      {worker,-4} password {password}");
                await output.WriteLineAsync("  the run ends once every review and audit image is labeled (Ctrl+C stops it earlier)");
            }
            else
            {
                workforce.Start();
                await output.WriteLineAsync($"  labelers: {Labelers.Length} SIMULATED ({string.Join(", ", Labelers)}), answering from dlib's boxes for {truth.Count} known photo(s); " +
                                            $"log {Shown(layout.LogFile("workforce"))}");
            }

            timings.EdgesStarted = clock.Elapsed;
            var edgeNodes = sites.Select(s => nodes.Add(NodeProcess.Start(s.Name, binaries.DotnetHost, binaries.EdgeDll, layout.ConfigFile(s.Name),
                layout.LogFile(s.Name), Directory.GetCurrentDirectory(), new Dictionary<string, string>()))).ToList();
            // The first edge that fails to start ends the run at once (Task.WhenAll would wait for the other one too).
            var starting = edgeNodes.Select(n => WaitUntilUpAsync(n, edges[n.Name], "/status", ct)).ToList();
            while (starting.Count > 0)
            {
                var first = await Task.WhenAny(starting);
                await first;
                starting.Remove(first);
            }
            timings.EdgesUp = clock.Elapsed;
            foreach (var n in edgeNodes)
                await output.WriteLineAsync($"  {n.Name,-6} up in {timings.EdgeStartup.TotalSeconds:F1} s  (pid {n.Pid}, http {edges[n.Name].BaseUrl})");

            var (final, stats) = await WaitForDatasetAsync(nodes, cloud, edges, clock, timings, ct);
            timings.InDataset = clock.Elapsed;

            var exportClock = Stopwatch.StartNew();
            var exported = await cloud.ExportAsync(Project, ct);
            if (exported.Error is not null) throw new DemoFailure($"export of '{Project}' failed: {exported.Error}", cloudNode);
            timings.Export = exportClock.Elapsed;

            var jobs = await LabelingJobsReport.ListAsync(cloud.BaseUrl, credentials, HoconFiles.Region, ct);
            await workforce.StopAsync();
            var manifest = exported.Files.FirstOrDefault(f => f.EndsWith("output.manifest", StringComparison.Ordinal))
                           ?? throw new DemoFailure($"the export of '{Project}' has no groundtruth/output.manifest", cloudNode);
            var accuracy = truth.Count > 0 ? DatasetAccuracy.Measure(manifest, Project, truth) : null;
            var bytes = new DatasetBytes(final.Values.Sum(s => s.Outbox.UploadedBytes), DatasetBytes.SumOfImages(manifest));
            await output.WriteLineAsync("stopping the nodes ...");
            await nodes.StopAllAsync();
            timings.Total = clock.Elapsed;

            var labeling = new DemoLabeling(jobs, workforce.Snapshot(), accuracy, Simulated: !options.Interactive);
            var summary = new DemoSummary(sites, final, stats, exported, layout, timings, labeling, bytes);
            await File.WriteAllTextAsync(layout.Summary, JsonSerializer.Serialize(summary.ToJson(), new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
            summary.Print(output, Shown);
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            errors.WriteLine();
            await output.WriteLineAsync("interrupted: stopping the nodes ...");
            return 130;
        }
        catch (Exception e) when (e is DemoFailure or NodeRequestException or HttpRequestException)
        {
            errors.WriteLine();
            await errors.WriteLineAsync($"demo failed: {e.Message}");
            var blamed = (e as DemoFailure)?.Node ?? nodes.FirstExited();
            foreach (var node in blamed is null ? nodes.Nodes : [blamed])
                await errors.WriteLineAsync($"--- {node.Name} (pid {node.Pid}{(node.HasExited ? $", exited {node.ExitCode}" : "")}), last lines of {Shown(node.LogPath)}:\n{node.LogTail()}\n");
            return 1;
        }
        finally
        {
            await nodes.DisposeAsync();
            foreach (var client in edges.Values) client.Dispose();
        }
    }

    private static async Task WaitUntilUpAsync(NodeProcess node, NodeClient client, string path, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        while (!await client.IsOkAsync(path, ct))
        {
            if (node.HasExited) throw new DemoFailure($"{node.Name} node exited with code {node.ExitCode} while starting", node);
            if (started.Elapsed > StartupTimeout)
                throw new DemoFailure($"{node.Name} node did not answer GET {path} with 200 within {StartupTimeout.TotalSeconds:0} s", node);
            await Task.Delay(250, ct);
        }
    }

    /// <summary>Polls the edges and the cloud until every site is done (see <see cref="SiteDone"/>) and no image of the
    /// dataset still waits for its upload; meanwhile draws a progress row per site (decided of discovered, outbox,
    /// records acknowledged by the cloud) and one for the dataset.</summary>
    private async Task<(IReadOnlyDictionary<string, EdgeStatus> Sites, DatasetStats Stats)> WaitForDatasetAsync(NodeSet nodes, NodeClient cloud,
        IReadOnlyDictionary<string, NodeClient> edges, Stopwatch clock, DemoTimings timings, CancellationToken ct)
    {
        // Labels padded to one width so the bars line up under each other.
        var labels = edges.Keys.Append(DatasetRow).ToList();
        var width = labels.Max(l => l.Length);
        var progress = new ProgressBar(errors, interactive, labels.Select(l => (l.PadRight(width), l == DatasetRow ? "in dataset" : "decided")).ToList(),
            columns: ProgressBar.TerminalColumns());
        var deadline = Stopwatch.StartNew();
        var statuses = new Dictionary<string, EdgeStatus>();
        var unanswered = new Stopwatch();
        while (true)
        {
            if (nodes.FirstExited() is { } gone)
                throw new DemoFailure($"{gone.Name} node exited with code {gone.ExitCode} before the dataset was complete", gone);
            DatasetStats stats;
            try
            {
                foreach (var (site, client) in edges) statuses[site] = await client.EdgeStatusAsync(ct);
                stats = await cloud.DatasetStatsAsync(Project, ct);
                unanswered.Reset();
            }
            catch (Exception e) when (e is HttpRequestException or NodeRequestException { Status: HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout })
            {
                // A busy node on 2 cores, or the dataset's shard still starting: ask again, up to a limit.
                if (!unanswered.IsRunning) unanswered.Start();
                if (unanswered.Elapsed > UnansweredLimit)
                    throw new DemoFailure($"no answer for {UnansweredLimit.TotalSeconds:0} s: {e.Message}", nodes.FirstExited());
                await Task.Delay(PollEvery, ct);
                continue;
            }

            var decided = statuses.Values.Sum(s => s.Decisions.Total);
            timings.FirstPoll ??= (decided, clock.Elapsed);
            if (timings.Decided is null && statuses.Values.All(s => s.Site.Idle)) timings.Decided = clock.Elapsed;
            var expected = statuses.Values.Sum(ExpectedImages);
            var rate = timings.Rate(decided, timings.Decided ?? clock.Elapsed).PerSecond;
            // Done when every decided image is in the dataset and every review/audit image carries its human labels.
            var complete = statuses.All(s => SiteDone(s.Key, s.Value, stats)) && stats.WithStatus("awaiting-upload") == 0 &&
                           stats.WithStatus("awaiting-review") == 0;
            for (var row = 0; row < labels.Count - 1; row++)
            {
                var s = statuses[labels[row]];
                progress.Report(row, s.Decisions.Total, s.Site.Cameras.Sum(c => c.Discovered),
                    $"outbox {s.Outbox.Depth} {s.Outbox.State}, acked {s.Delivery?.Acknowledged ?? 0}/{s.Delivery?.Queued ?? 0}, {stats.BySite.GetValueOrDefault(labels[row])} in dataset");
            }
            progress.Report(labels.Count - 1, stats.Images, expected, $"{stats.WithStatus("awaiting-review")} awaiting review, {rate:F1} img/s");

            if (complete)
            {
                progress.Complete();
                return (statuses, stats);
            }
            if (deadline.Elapsed > options.Timeout)
            {
                progress.Complete();
                throw new DemoFailure($"the dataset was not complete after {options.Timeout.TotalSeconds:0} s: " +
                                      string.Join("; ", statuses.Select(s => $"{s.Key}: {Pending(s.Key, s.Value, stats)}")) +
                                      $"; dataset {stats.Images} image(s), {stats.WithStatus("awaiting-upload")} awaiting upload");
            }
            await Task.Delay(PollEvery, ct);
        }
    }

    /// <summary>A site is done when its cameras are exhausted and every image is decided, its outbox has uploaded
    /// everything, and the cloud has absorbed every record the site queued: one per decided (not quarantined) image
    /// plus a review notice per uploaded review or audit image.</summary>
    private static bool SiteDone(string site, EdgeStatus status, DatasetStats stats) => Pending(site, status, stats) is null;

    private static string? Pending(string site, EdgeStatus s, DatasetStats stats)
    {
        var d = s.Decisions;
        if (!s.Site.Idle || s.Site.Cameras.Sum(c => c.Discovered) == 0) return $"deciding ({d.Total} decided, {s.Site.InFlight} in flight)";
        if (s.Outbox.Depth > 0 || s.Outbox.ProjectedUpTo < d.Total)
            return $"outbox {s.Outbox.Depth} pending, state {s.Outbox.State}{(s.Outbox.LastError is null ? "" : $" ({s.Outbox.LastError})")}";
        if (s.Delivery is not { } delivery) return "no delivery status (cluster off?)";
        var records = d.AutoLabeled + 2L * (d.Review + d.Audit);
        if (delivery.Queued < records || delivery.AwaitingUpload > 0)
            return $"delivery queued {delivery.Queued} of {records} records, {delivery.AwaitingUpload} awaiting upload";
        if (delivery.Pending > 0 || delivery.Acknowledged < delivery.Queued)
            return $"delivery {delivery.State}: {delivery.Acknowledged}/{delivery.Queued} acknowledged{(delivery.LastError is null ? "" : $" ({delivery.LastError})")}";
        if (stats.HighWater(site) < delivery.Queued) return $"cloud absorbed {stats.HighWater(site)}/{delivery.Queued} records";
        return null;
    }

    // Images the site will put into the dataset: decided ones, or (while deciding) discovered ones not known to fail.
    private static long ExpectedImages(EdgeStatus s) =>
        s.Site.Idle
            ? s.Decisions.Total - s.Decisions.Quarantined
            : s.Site.Cameras.Sum(c => c.Discovered - c.AlreadyDecided - c.Failed) - s.Decisions.Quarantined;

    private static string Describe(SiteSpec site) => $"{site.Name}: {string.Join(", ", site.Cameras.Select(c => c.Name))}";

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>A path as the user would type it: relative to the working folder when inside it.</summary>
    public static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
