using System.Diagnostics;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>A partial link: one edge loses its route to ONE of two cloud nodes (iptables, <see cref="LinkCutter.CutTo"/>)
/// while the other still reaches it. Without the edge's <c>PartialLinkGuard</c> the split brain resolver saw the pair as
/// indirectly connected and downed the cloud node too. Now: both cloud nodes stay Up in their first incarnation
/// throughout, the edge keeps deciding, and once the route returns everything reaches the dataset exactly once.</summary>
public sealed class PartialLinkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CutFor = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task PartialLink_an_edge_that_loses_one_cloud_node_never_takes_it_down_and_nothing_is_lost()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(LinkCutter.Unavailable is null, $"cannot cut links here: {LinkCutter.Unavailable}");
        await using var cluster = new ClusterDeployment("partial-link", output);
        cluster.AddCloud();
        var second = cluster.AddCloud();
        var feed = new ImageFeed(cluster.Temp, "site-p", seed: 303, count: 60 + 300);
        var edge = cluster.AddEdge("site-p", new Dictionary<string, string> { ["gate"] = feed.CameraBlock });
        using var cutter = LinkCutter.Create(edge.ClusterPort, edge.HttpPort, cluster.Log);
        cutter.Isolate(edge);

        var prepared = Task.Run(() => feed.PrepareAsync(ct), ct);
        await cluster.StartAsync(ct);
        await prepared;
        feed.Release(60);
        var before = await feed.WaitAllDeliveredAsync(edge, TimeSpan.FromSeconds(90), ct);
        cluster.Log($"before the cut: {edge.Name} {before}");

        await using var watch = CloudWatch.Start(cluster, edge, ct);
        var cut = Stopwatch.StartNew();
        cutter.CutTo(second.ClusterPort);
        cluster.Log($"CUT {edge.Name}'s route to {second.Name} (port {second.ClusterPort}) only, for {CutFor.TotalSeconds:0}s");
        var feeding = feed.ReleaseAtRateAsync(300, 10, ct);
        while (cut.Elapsed < CutFor) await Task.Delay(TimeSpan.FromSeconds(2), ct);
        await feeding;
        cutter.Restore();
        cluster.Log($"RESTORED after {cut.Elapsed.TotalSeconds:0}s");

        await feed.WaitAllDeliveredAsync(edge, TimeSpan.FromSeconds(120), ct);
        var (finals, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromSeconds(120), ct: ct);
        await watch.StopAsync();
        cluster.Log(watch.Summary());
        cluster.Log("edge membership log lines:\n" + SbrLog.Of(edge));
        foreach (var cloud in cluster.Clouds) cluster.Log("cloud: " + SbrLog.Of(cloud, 30));

        // The point of the test: no cloud node was downed, restarted or lost by any cloud's view, at any sample.
        watch.AssertCloudsStayedUp();
        await LinkLossTests.AssertCloudsAllUpAsync(cluster, ct);
        var cloudAddresses = cluster.Clouds.Select(c => c.AkkaAddress).ToArray();
        var downedClouds = cluster.Members.SelectMany(SbrLog.Decisions)
            .Where(d => cloudAddresses.Any(c => d.Downing.Contains(c, StringComparison.Ordinal))).Select(d => d.Line).ToList();
        cluster.Check(downedClouds.Count == 0, () => $"a split brain resolver decided to down cloud node(s):\n{string.Join("\n", downedClouds)}");

        cluster.Check(finals[edge.Site].Decisions.Total == feed.Count, () => $"{edge.Name} decided {finals[edge.Site].Decisions.Total} images, fed {feed.Count}");
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(finals, stats, manifest);
        cluster.Log($"SUMMARY partial link: {edge.Name} cut from {second.Name} for {CutFor.TotalSeconds:0}s; clouds stayed up " +
                    $"({watch.Samples} samples); {watch.EdgeReturns} edge return(s); dataset {stats.Images} images, duplicates {stats.DuplicateRecords}");
    }
}
