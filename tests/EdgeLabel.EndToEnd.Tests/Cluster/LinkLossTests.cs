using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using EdgeLabel.Actors.Camera;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>An edge's link to the cloud cut for real (iptables, <see cref="LinkCutter"/>) for over two minutes while it
/// keeps deciding images: the cloud nodes stay Up, the edge rejoins within 30 s of the link returning, and the dataset
/// converges to exactly what the edges decided, once each.</summary>
public sealed class LinkLossTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CutFor = TimeSpan.FromSeconds(122);
    private static readonly TimeSpan RejoinWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LinkLoss_edge_cut_off_for_two_minutes_keeps_deciding_rejoins_within_30s_and_the_dataset_converges_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(LinkCutter.Unavailable is null, $"cannot cut links here: {LinkCutter.Unavailable}");
        await using var cluster = new ClusterDeployment("linkloss", output);
        cluster.AddCloud();
        cluster.AddCloud();
        // A is cut off; B keeps its link (the cloud goes on absorbing B's records meanwhile).
        var feedA = new ImageFeed(cluster.Temp, "site-a", seed: 101, count: 100 + 1100);
        var feedB = new ImageFeed(cluster.Temp, "site-b", seed: 202, count: 100 + 500);
        var a = cluster.AddEdge("site-a", new Dictionary<string, string> { ["gate"] = feedA.CameraBlock });
        var b = cluster.AddEdge("site-b", new Dictionary<string, string> { ["gate"] = feedB.CameraBlock });
        using var cutter = LinkCutter.Create(a.ClusterPort, a.HttpPort, cluster.Log);
        cutter.Isolate(a);

        var prepared = Task.Run(() => Task.WhenAll(feedA.PrepareAsync(ct), feedB.PrepareAsync(ct)), ct);
        await cluster.StartAsync(ct);
        await prepared;
        cluster.Log($"edge {a.Name} runs as uid {cutter.Uid} (pid {a.Process!.Id}); rules:\n{cutter.Rules()}");

        // Before the cut: a first batch reaches the cloud from both sites, so the link demonstrably worked.
        feedA.Release(100);
        feedB.Release(100);
        var beforeA = await feedA.WaitAllDeliveredAsync(a, TimeSpan.FromSeconds(90), ct);
        await feedB.WaitAllDeliveredAsync(b, TimeSpan.FromSeconds(60), ct);
        cluster.Log($"before the cut: {a.Name} {beforeA}");

        await using var watch = CloudWatch.Start(cluster, a, ct);
        var cut = Stopwatch.StartNew();
        cutter.Cut();
        cluster.Log($"CUT {a.Name}'s link (akka port {a.ClusterPort}) for {CutFor.TotalSeconds:0}s");
        // During the cut: A gets 1,100 images at 10/s, B 500 at 5/s; the edges must decide them all.
        var feeding = Task.WhenAll(feedA.ReleaseAtRateAsync(1100, 10, ct), feedB.ReleaseAtRateAsync(500, 5, ct));
        var timeline = new List<(TimeSpan At, EdgeStatus Status)>();
        while (cut.Elapsed < CutFor)
        {
            if (await a.TryGetStatusAsync(ct) is { } s)
            {
                timeline.Add((cut.Elapsed, s));
                if (timeline.Count % 10 == 1)
                    cluster.Log($"  cut +{cut.Elapsed.TotalSeconds:0}s: {a.Name} decided={s.Decisions.Total} delivery=({s.Delivery}) " +
                                $"cluster={s.Cluster?.SelfStatus}/incarnations={s.Cluster?.Incarnations}");
            }
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
        await feeding;
        var endOfCut = await a.WaitForStatusAsync(_ => true, TimeSpan.FromSeconds(10), "/status at the end of the cut", ct);
        timeline.Add((cut.Elapsed, endOfCut));

        // The cut was real: the clouds lost A, A's acknowledgements stopped, and A went on deciding and queueing.
        var decidedDuringCut = endOfCut.Decisions.Total - beforeA.Decisions.Total;
        var pendingGrowth = endOfCut.Delivery!.Pending - beforeA.Delivery!.Pending;
        cluster.Log($"end of cut ({cut.Elapsed.TotalSeconds:0}s): {a.Name} decided {decidedDuringCut} images during the cut, " +
                    $"pending {beforeA.Delivery.Pending} -> {endOfCut.Delivery.Pending}, acknowledged {beforeA.Delivery.Acknowledged} -> {endOfCut.Delivery.Acknowledged}; " +
                    $"clouds first saw it gone after {watch.FirstSawEdgeGone?.TotalSeconds.ToString("0.0") ?? "never"}s");
        cluster.Check(watch.FirstSawEdgeGone is not null,
            () => $"no cloud ever saw {a.Name} unreachable or gone during a {CutFor.TotalSeconds:0}s cut: the cut did not work\n{cutter.Rules()}");
        cluster.Check(endOfCut.Delivery.Acknowledged == beforeA.Delivery.Acknowledged,
            () => $"{a.Name}'s records were acknowledged during the cut ({beforeA.Delivery.Acknowledged} -> {endOfCut.Delivery.Acknowledged}): the cut leaked");
        cluster.Check(decidedDuringCut >= 1000, () => $"{a.Name} decided only {decidedDuringCut} images during the cut: {endOfCut}");
        cluster.Check(pendingGrowth >= 1000, () => $"{a.Name}'s delivery queue grew by only {pendingGrowth} records during the cut: {endOfCut}");
        var rising = RisingThroughout(timeline, TimeSpan.FromSeconds(100));
        cluster.Check(rising, () => $"{a.Name}'s decisions did not keep rising during the cut:\n{Timeline(timeline)}");

        // Restore, and measure how long until A is an Up member again (its own view and the cloud's) and records flow.
        cutter.Restore();
        var rejoin = await RejoinClock.MeasureAsync(cluster, a, endOfCut.Delivery.Acknowledged, RejoinWithin * 2, ct);
        cluster.Log($"RESTORED after {cut.Elapsed.TotalSeconds:0}s of cut. {rejoin}");
        await watch.StopAsync();
        cluster.Log(watch.Summary());
        watch.AssertCloudsStayedUp();
        cluster.Check(rejoin.EdgeUp is { } up && up <= RejoinWithin, () => $"{a.Name} was not cluster Up within {RejoinWithin.TotalSeconds:0}s of the link returning: {rejoin}");
        cluster.Check(rejoin.CloudSeesUp is { } seen && seen <= RejoinWithin, () => $"the cloud did not list {a.Name} Up within {RejoinWithin.TotalSeconds:0}s of the link returning: {rejoin}");

        // Convergence: everything both sites decided, once each.
        await feedA.WaitAllDeliveredAsync(a, TimeSpan.FromSeconds(120), ct);
        await feedB.WaitAllDeliveredAsync(b, TimeSpan.FromSeconds(30), ct);
        var (finals, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromSeconds(120), ct: ct);
        cluster.Check(finals[a.Site].Decisions.Total == feedA.Count && finals[b.Site].Decisions.Total == feedB.Count,
            () => $"the edges decided {finals[a.Site].Decisions.Total} and {finals[b.Site].Decisions.Total} images, fed {feedA.Count} and {feedB.Count}");
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(finals, stats, manifest);
        await AssertCloudsAllUpAsync(cluster, ct);
        cluster.Log("edge split-brain / membership log lines:\n" + SbrLog.Of(a) + SbrLog.Of(b));
        foreach (var cloud in cluster.Clouds) cluster.Log("cloud: " + SbrLog.Of(cloud, 30));
        var cloudAddresses = cluster.Clouds.Select(c => c.AkkaAddress).ToArray();
        var decisions = SbrLog.Decisions(a);
        cluster.Log($"{a.Name}'s SBR took {decisions.Count} decision(s): {string.Join(" | ", decisions.Select(d => $"downing [{d.Downing}]"))}");
        var downedClouds = decisions.Where(d => cloudAddresses.Any(c => d.Downing.Contains(c, StringComparison.Ordinal))).Select(d => d.Line).ToList();
        cluster.Check(downedClouds.Count == 0, () => $"the isolated edge's split brain resolver decided to down cloud node(s):\n{string.Join("\n", downedClouds)}");
        cluster.Log($"SUMMARY link loss: cut {CutFor.TotalSeconds:0}s, {a.Name} decided {decidedDuringCut} during it; rejoin {rejoin}; " +
                    $"clouds stayed up ({watch.Samples} samples, incarnations 1); dataset {stats.Images} images, duplicates {stats.DuplicateRecords}");
    }

    /// <summary>The decision count rose in every 20 s stretch of the first <paramref name="span"/> of the cut (the feed
    /// runs for 110 s).</summary>
    private static bool RisingThroughout(IReadOnlyList<(TimeSpan At, EdgeStatus Status)> timeline, TimeSpan span)
    {
        for (var from = TimeSpan.Zero; from + TimeSpan.FromSeconds(20) <= span; from += TimeSpan.FromSeconds(20))
        {
            var window = timeline.Where(t => t.At >= from && t.At <= from + TimeSpan.FromSeconds(22)).ToList();
            if (window.Count < 2 || window[^1].Status.Decisions.Total <= window[0].Status.Decisions.Total) return false;
        }
        return true;
    }

    private static string Timeline(IEnumerable<(TimeSpan At, EdgeStatus Status)> timeline) =>
        string.Join("\n", timeline.Select(t => $"  +{t.At.TotalSeconds:0}s decided={t.Status.Decisions.Total} pending={t.Status.Delivery?.Pending}"));

    /// <summary>Every cloud node answers /cluster: Up, first incarnation, and every cloud member Up and reachable.</summary>
    internal static async Task AssertCloudsAllUpAsync(ClusterDeployment cluster, CancellationToken ct)
    {
        foreach (var cloud in cluster.Clouds)
        {
            var view = await cloud.WaitForClusterAsync(v => v.IsUp, TimeSpan.FromSeconds(20), "its /cluster", ct);
            cluster.Check(view.Incarnations == 1 && view.UpWithRole("cloud") == cluster.Clouds.Count,
                () => $"{cloud.Name} at the end: {view} (expected incarnation 1 and {cluster.Clouds.Count} cloud members Up)");
            cluster.Log($"end: {cloud.Name} {view}");
        }
    }
}

/// <summary>Images for a directory camera, made before they are needed (the product's <see cref="PhotoVariants"/>,
/// as the synthetic camera makes them; a seed per site, so sites never share bytes) and moved into the camera's folder
/// by rename at a steady rate. A synthetic camera runs as fast as the pipeline takes images, so it cannot keep an edge
/// busy for the whole length of a cut; this can. File times lie in the past, so the scanner's settle time never
/// holds a file back.</summary>
internal sealed class ImageFeed
{
    private readonly string _staging;
    private readonly int _seed;

    public ImageFeed(TempDir temp, string site, int seed, int count)
    {
        _staging = temp.Sub($"feed-staging-{site}");
        CameraDir = temp.Sub($"feed-camera-{site}");
        _seed = seed;
        Count = count;
    }

    public string CameraDir { get; }

    public int Count { get; }

    public int Released { get; private set; }

    public string CameraBlock => SiteConfig.DirectoryCamera(CameraDir, "250ms");

    /// <summary>Makes <see cref="BaseVariants"/> real variants (decode, crop, scale, encode: the expensive part) and
    /// every image from one of them with a JPEG comment segment naming the site and index right after the SOI marker:
    /// the same pixels, different bytes, so every image has its own content id at almost no cost.</summary>
    public Task PrepareAsync(CancellationToken ct) => Task.Run(() =>
    {
        var variants = PhotoVariants.FromDirectory(TestData.DlibFaces, _seed);
        var bases = Enumerable.Range(0, Math.Min(BaseVariants, Count)).Select(variants.Make).ToArray();
        var past = DateTime.UtcNow - TimeSpan.FromMinutes(5);
        for (var i = 0; i < Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var file = Path.Combine(_staging, $"img-{i:D5}.jpg");
            File.WriteAllBytes(file, WithComment(bases[i % bases.Length], $"edgelabel link-loss test seed {_seed} image {i}"));
            File.SetLastWriteTimeUtc(file, past);
        }
    }, ct);

    private const int BaseVariants = 48;

    private static byte[] WithComment(byte[] jpeg, string comment)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) throw new InvalidDataException("not a JPEG");
        var text = System.Text.Encoding.ASCII.GetBytes(comment);
        var length = text.Length + 2; // the segment length counts itself
        var result = new byte[jpeg.Length + 4 + text.Length];
        result[0] = 0xFF;
        result[1] = 0xD8;
        result[2] = 0xFF;
        result[3] = 0xFE; // COM
        result[4] = (byte)(length >> 8);
        result[5] = (byte)length;
        text.CopyTo(result, 6);
        jpeg.AsSpan(2).CopyTo(result.AsSpan(6 + text.Length));
        return result;
    }

    /// <summary>Moves the next <paramref name="n"/> images into the camera's folder.</summary>
    public void Release(int n)
    {
        for (var i = 0; i < n && Released < Count; i++, Released++)
        {
            var name = $"img-{Released:D5}.jpg";
            File.Move(Path.Combine(_staging, name), Path.Combine(CameraDir, name));
        }
    }

    /// <summary>Waits until the edge decided every image released so far and delivered everything (the directory
    /// camera may not have seen the newest files yet, when "fully delivered" alone would hold too early).</summary>
    public Task<EdgeStatus> WaitAllDeliveredAsync(EdgeSite edge, TimeSpan timeout, CancellationToken ct) =>
        edge.WaitForStatusAsync(s => s.Decisions.Total == Released && s.FullyDelivered, timeout,
            $"all {Released} released images decided and delivered", ct);

    /// <summary>Releases <paramref name="n"/> images at <paramref name="perSecond"/> (in steps of a quarter second).</summary>
    public async Task ReleaseAtRateAsync(int n, double perSecond, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var start = Released;
        var target = Math.Min(Count, start + n);
        while (Released < target)
        {
            var due = Math.Min(target, start + (int)(clock.Elapsed.TotalSeconds * perSecond) + 1);
            if (due > Released) Release(due - Released);
            await Task.Delay(250, ct);
        }
    }
}

/// <summary>Polls every cloud node's /cluster in the background while links are cut: each answer must show the node
/// Up, in its first incarnation, with every cloud member Up. Also notes when the clouds first lost sight of
/// the watched edge (unreachable, downed or gone), which proves a cut took effect.</summary>
internal sealed class CloudWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly ClusterDeployment _cluster;
    private readonly EdgeSite _edge;
    private readonly CancellationTokenSource _stop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _violations = [];
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, TimeSpan> _lastAnswer = new();
    private readonly object _gate = new();
    private Task _loop = Task.CompletedTask;
    private int _cloudUnreachableSamples;

    private CloudWatch(ClusterDeployment cluster, EdgeSite edge, CancellationToken ct)
    {
        _cluster = cluster;
        _edge = edge;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    }

    public int Samples { get; private set; }

    /// <summary>When (since the watch started) a cloud first saw the edge unreachable, not Up, or not a member.</summary>
    public TimeSpan? FirstSawEdgeGone { get; private set; }

    /// <summary>Edge-gone → edge-Up-and-reachable transitions seen by the first cloud (how often it rejoined).</summary>
    public int EdgeReturns { get; private set; }

    public static CloudWatch Start(ClusterDeployment cluster, EdgeSite edge, CancellationToken ct)
    {
        var watch = new CloudWatch(cluster, edge, ct);
        watch._loop = Task.Run(watch.LoopAsync, ct);
        return watch;
    }

    private async Task LoopAsync()
    {
        var edgeGone = false;
        foreach (var cloud in _cluster.Clouds) _lastAnswer[cloud.Name] = TimeSpan.Zero;
        while (!_stop.IsCancellationRequested)
        {
            var round = _cluster.Clouds.Select(async cloud => ((ClusterMember)cloud, await cloud.TryGetClusterAsync(_stop.Token))).ToArray();
            (ClusterMember cloud, ClusterViewJson? view)[] views;
            try
            {
                views = await Task.WhenAll(round);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var at = _clock.Elapsed;
            lock (_gate)
            {
                Samples++;
                foreach (var (cloud, view) in views)
                {
                    if (!cloud.IsRunning) _violations.Add($"+{at.TotalSeconds:0.0}s {cloud.Name} is not running (exit {cloud.Process?.ExitCode})");
                    if (view is null)
                    {
                        if (at - _lastAnswer[cloud.Name] > TimeSpan.FromSeconds(15))
                            _violations.Add($"+{at.TotalSeconds:0.0}s {cloud.Name} has not answered /cluster for {(at - _lastAnswer[cloud.Name]).TotalSeconds:0}s");
                        continue;
                    }
                    _lastAnswer[cloud.Name] = at;
                    var cloudsUp = view.Members.Count(m => m.Roles.Contains("cloud") && m.Status == "up");
                    if (!view.IsUp || view.Incarnations != 1 || cloudsUp != _cluster.Clouds.Count)
                        _violations.Add($"+{at.TotalSeconds:0.0}s {cloud.Name}: {view}");
                    if (view.Members.Any(m => m.Roles.Contains("cloud") && m.Unreachable))
                    {
                        _cloudUnreachableSamples++;
                        _notes.Add($"+{at.TotalSeconds:0.0}s {cloud.Name} sees a cloud member unreachable: {view}");
                    }
                }
                if (views[0].view is { } first)
                {
                    var member = first.Members.FirstOrDefault(m => m.Address == _edge.AkkaAddress);
                    var gone = member is null || member.Unreachable || member.Status != "up";
                    if (gone && !edgeGone)
                    {
                        FirstSawEdgeGone ??= at;
                        _notes.Add($"+{at.TotalSeconds:0.0}s {views[0].cloud.Name} lost {_edge.Name}: {(member is null ? "not a member" : $"{member.Status}{(member.Unreachable ? " unreachable" : "")}")}");
                    }
                    if (!gone && edgeGone)
                    {
                        EdgeReturns++;
                        _notes.Add($"+{at.TotalSeconds:0.0}s {views[0].cloud.Name} sees {_edge.Name} up again");
                    }
                    edgeGone = gone;
                }
            }
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public string Summary()
    {
        lock (_gate)
        {
            var text = new StringBuilder($"cloud watch: {Samples} rounds over {_clock.Elapsed.TotalSeconds:0}s, {_violations.Count} violation(s), " +
                                         $"{_cloudUnreachableSamples} sample(s) with a cloud member unreachable; {_edge.Name} returned {EdgeReturns} time(s)\n");
            foreach (var note in _notes.Take(60)) text.AppendLine("  " + note);
            if (_notes.Count > 60) text.AppendLine($"  ... {_notes.Count - 60} more");
            foreach (var v in _violations.Take(20)) text.AppendLine("  VIOLATION " + v);
            return text.ToString();
        }
    }

    public void AssertCloudsStayedUp()
    {
        lock (_gate)
        {
            _cluster.Check(Samples >= 10, () => $"the cloud watch got only {Samples} rounds");
            _cluster.Check(_violations.Count == 0, () => $"the cloud nodes did not stay Up (first incarnation) throughout:\n{string.Join("\n", _violations.Take(20))}\n{Summary()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

/// <summary>After a link returns: how long until the edge reports itself Up, the first cloud lists it Up and reachable,
/// and its acknowledgements move past where they stood.</summary>
internal sealed record RejoinClock(TimeSpan? EdgeUp, TimeSpan? CloudSeesUp, TimeSpan? FirstAck, int IncarnationsBefore, int IncarnationsAfter)
{
    public static async Task<RejoinClock> MeasureAsync(ClusterDeployment cluster, EdgeSite edge, long acknowledgedBefore, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? edgeUp = null, cloudUp = null, ack = null;
        int? before = null, after = null;
        while (clock.Elapsed < timeout && (edgeUp is null || cloudUp is null || ack is null))
        {
            var status = edge.TryGetStatusAsync(ct);
            var view = cluster.Clouds[0].TryGetClusterAsync(ct);
            await Task.WhenAll(status, view);
            if (status.Result is { Cluster: { } c } s)
            {
                before ??= c.Incarnations;
                after = c.Incarnations;
                // Up in its own view, in an incarnation the cloud accepted (the one that was Up before the cut is stale).
                if (edgeUp is null && c.IsUp && c.Members.Any(m => m.Roles.Contains("cloud") && m.Status == "up" && !m.Unreachable)
                    && c.Unreachable.Count == 0)
                    edgeUp = clock.Elapsed;
                if (ack is null && s.Delivery is { } d && d.Acknowledged > acknowledgedBefore) ack = clock.Elapsed;
            }
            if (cloudUp is null && view.Result?.Members.FirstOrDefault(m => m.Address == edge.AkkaAddress) is { Status: "up", Unreachable: false })
                cloudUp = clock.Elapsed;
            await Task.Delay(200, ct);
        }
        return new RejoinClock(edgeUp, cloudUp, ack, before ?? 0, after ?? 0);
    }

    public override string ToString() =>
        $"edge Up after {Seconds(EdgeUp)}, cloud lists it Up after {Seconds(CloudSeesUp)}, first new ack after {Seconds(FirstAck)} " +
        $"(edge incarnations {IncarnationsBefore} -> {IncarnationsAfter})";

    private static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.0}s" : "never";
}

/// <summary>What a node logged about membership and split brain decisions (for the record in the test output).</summary>
internal static partial class SbrLog
{
    [GeneratedRegex(@"SBR|split.?brain|downing|\[Down\]|Marking .*(unreachable|down)|quarantin|incarnation|Leader is (auto-)?(removing|moving)|unreachable", RegexOptions.IgnoreCase)]
    private static partial Regex Interesting();

    public static string Of(ClusterMember member, int max = 80)
    {
        var lines = member.FullLogs().Split('\n').Where(l => Interesting().IsMatch(l)).ToList();
        var text = new StringBuilder($"--- {member.Name}: {lines.Count} line(s)\n");
        foreach (var line in lines.Count <= max ? lines : lines.Take(max / 2).Concat([$"... {lines.Count - max} more ..."]).Concat(lines.TakeLast(max / 2)))
            text.AppendLine("  " + (line.Length > 400 ? line[..400] + "…" : line.TrimEnd()));
        return text.ToString();
    }

    /// <summary>The node's split brain decisions (Akka: "SBR took decision X and is downing [addresses]..."): the line
    /// and the addresses between the brackets (the rest of the line may list every member).</summary>
    public static IReadOnlyList<(string Line, string Downing)> Decisions(ClusterMember member) =>
        member.FullLogs().Split('\n').Select(l => (Line: l, Match: Downing().Match(l))).Where(x => x.Match.Success)
            .Select(x => (x.Line.Trim(), x.Match.Groups[1].Value)).ToList();

    [GeneratedRegex(@"is downing \[([^\]]*)\]", RegexOptions.IgnoreCase)]
    private static partial Regex Downing();
}
