using System.Diagnostics;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>An edge whose link flaps (cut and restored every few seconds, iptables via <see cref="LinkCutter"/>) for a
/// minute: no cloud node is downed or restarted, whatever the edge's split brain resolver decides on its side, and once
/// the link is steady again the dataset converges to what the edge decided, once each.</summary>
public sealed class FlappingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FlapFor = TimeSpan.FromSeconds(60);

    // One 12 s cut first, then 3 s cut / 3 s open. Measured here: 3 s cuts alone never reach the failure detector
    // (heartbeat pause 4 s; and every gap widens phi's interval history, so even a 10 s cut late in a 3/3 series went
    // unnoticed), while a dropped TCP segment is retransmitted only on the RTO backoff (…3 s, 6.2 s, 12.6 s, 25.4 s
    // after the loss), so the 12 s cut holds the existing associations silent for 12-25 s: long enough for both sides'
    // split brain resolvers to act (the edge downs itself, the cloud downs the edge) while the flapping goes on.
    private static readonly TimeSpan[] Cuts = new[] { 12, 3, 3, 3, 3, 3, 3, 3, 3 }.Select(s => TimeSpan.FromSeconds(s)).ToArray();
    private static readonly TimeSpan[] Opens = [TimeSpan.FromSeconds(3)];

    [Fact]
    public async Task Flapping_link_for_a_minute_downs_no_cloud_node_and_the_dataset_converges_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(LinkCutter.Unavailable is null, $"cannot cut links here: {LinkCutter.Unavailable}");
        await using var cluster = new ClusterDeployment("flapping", output);
        cluster.AddCloud();
        cluster.AddCloud();
        var feed = new ImageFeed(cluster.Temp, "site-f", seed: 303, count: 60 + 540);
        var edge = cluster.AddEdge("site-f", new Dictionary<string, string> { ["gate"] = feed.CameraBlock });
        using var cutter = LinkCutter.Create(edge.ClusterPort, edge.HttpPort, cluster.Log);
        cutter.Isolate(edge);

        var prepared = feed.PrepareAsync(ct);
        await cluster.StartAsync(ct);
        await prepared;
        feed.Release(60);
        var before = await feed.WaitAllDeliveredAsync(edge, TimeSpan.FromSeconds(90), ct);
        cluster.Log($"before flapping: {before}");

        await using var watch = CloudWatch.Start(cluster, edge, ct);
        var clock = Stopwatch.StartNew();
        cluster.Log($"FLAPPING {edge.Name}'s link for {FlapFor.TotalSeconds:0}s: cuts of {string.Join("/", Cuts.Select(c => c.TotalSeconds))}s, open {Opens[0].TotalSeconds:0}s");
        var feeding = feed.ReleaseAtRateAsync(540, 540 / (FlapFor.TotalSeconds - 4), ct);
        var flaps = cutter.FlapAsync(FlapFor, Cuts, Opens, ct);
        var samples = new List<string>();
        while (!flaps.IsCompleted)
        {
            if (await edge.TryGetStatusAsync(ct) is { } s)
                samples.Add($"+{clock.Elapsed.TotalSeconds:0}s {(cutter.IsCut ? "CUT " : "open")} decided={s.Decisions.Total} " +
                            $"ack={s.Delivery?.Acknowledged} pending={s.Delivery?.Pending} state={s.Delivery?.State} " +
                            $"cluster={s.Cluster?.SelfStatus}/inc={s.Cluster?.Incarnations}/unreachable={s.Cluster?.Unreachable.Count}");
            await Task.WhenAny(flaps, Task.Delay(TimeSpan.FromSeconds(2), ct));
        }
        var cuts = await flaps;
        await feeding;
        cluster.Log($"flapping over after {clock.Elapsed.TotalSeconds:0}s: {cuts} cut(s), link open; edge samples:\n  " + string.Join("\n  ", samples));

        // The link is steady now: the edge is (or becomes) Up, and everything converges exactly once.
        var settled = Stopwatch.StartNew();
        var up = await edge.WaitForStatusAsync(s => s.Cluster is { IsUp: true, Unreachable.Count: 0 }, TimeSpan.FromSeconds(45), "cluster Up after the flapping", ct);
        cluster.Log($"edge Up {settled.Elapsed.TotalSeconds:0.0}s after the last restore: {up.Cluster}");
        var final = await feed.WaitAllDeliveredAsync(edge, TimeSpan.FromSeconds(90), ct);
        await watch.StopAsync();
        cluster.Log(watch.Summary());
        watch.AssertCloudsStayedUp();
        cluster.Check(watch.FirstSawEdgeGone is not null, () => $"no cloud ever saw {edge.Name} unreachable during {cuts} cuts: the flapping had no effect");

        var (finals, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromSeconds(60), ct: ct);
        cluster.Check(final.Decisions.Total == feed.Count, () => $"the edge decided {final.Decisions.Total} images, fed {feed.Count}");
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(finals, stats, manifest);

        // No split brain decision on the edge's side took a cloud node down: every cloud is still Up in its first
        // incarnation, and the edge's SBR never named a cloud node when it downed something.
        await LinkLossTests.AssertCloudsAllUpAsync(cluster, ct);
        var cloudAddresses = cluster.Clouds.Select(c => c.AkkaAddress).ToArray();
        var decisions = SbrLog.Decisions(edge);
        var edgeDowningClouds = decisions.Where(d => cloudAddresses.Any(a => d.Downing.Contains(a, StringComparison.Ordinal))).Select(d => d.Line).ToList();
        cluster.Log($"the edge's SBR took {decisions.Count} decision(s): {string.Join(" | ", decisions.Select(d => $"downing [{d.Downing}]"))}");
        cluster.Log("edge split-brain / membership log lines:\n" + SbrLog.Of(edge));
        foreach (var cloud in cluster.Clouds) cluster.Log("cloud: " + SbrLog.Of(cloud, 30));
        cluster.Check(edgeDowningClouds.Count == 0,
            () => $"the edge's split brain resolver decided to down cloud node(s):\n{string.Join("\n", edgeDowningClouds)}");
        cluster.Log($"SUMMARY flapping: {cuts} cuts in {FlapFor.TotalSeconds:0}s; clouds stayed up ({watch.Samples} rounds, incarnation 1); " +
                    $"cloud lost the edge first after {watch.FirstSawEdgeGone?.TotalSeconds:0.0}s and saw it return {watch.EdgeReturns} time(s); " +
                    $"edge incarnations {final.Cluster?.Incarnations}; dataset {stats.Images} images, duplicates {stats.DuplicateRecords}");
    }
}
