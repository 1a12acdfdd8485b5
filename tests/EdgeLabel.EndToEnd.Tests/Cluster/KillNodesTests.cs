using System.Diagnostics;
using EdgeLabel.Actors.Camera;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>Durability of delivery across real crashes: while an edge delivers well over a thousand images, the edge
/// is SIGKILLed and restarted again and again, and so are the cloud nodes (one at a time, each back before the next
/// kill). At the end the dataset holds every image the edge decided, once, and each site's high-water mark is
/// exactly the number of records the site queued.</summary>
public sealed class KillNodesTests(ITestOutputHelper output)
{
    private const int Photos = 1000;
    private const int Synthetic = 50;
    private const int EdgeKills = 5;
    private const int CloudKills = 5;
    private const int Seed = 20_260_601;

    [Fact]
    public async Task SIGKILL_of_edge_and_cloud_nodes_during_delivery_loses_and_duplicates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        await using var cluster = new ClusterDeployment("sigkill", output);
        cluster.AddCloud();
        cluster.AddCloud();
        var inbox = cluster.Temp.Sub("inbox");
        var expected = WriteVariants(inbox);
        cluster.Log($"{expected.Count} distinct photos written");
        // Small batches and a small window: delivery trails the decisions, so kills land with records in flight, and
        // every resend-from-the-last-ack path runs many times.
        var edge = cluster.AddEdge("site-k", new Dictionary<string, string>
        {
            ["gate"] = SiteConfig.DirectoryCamera(inbox),
            ["synth"] = EdgeSite.SyntheticCamera(Synthetic, seed: 41),
        }, extraHocon: ["delivery { batch-size = 25, window-batches = 2 }"]);
        var other = cluster.AddEdge("site-q", new Dictionary<string, string> { ["synth"] = EdgeSite.SyntheticCamera(100, seed: 42) },
            extraHocon: ["delivery { batch-size = 25, window-batches = 2 }"]);
        await cluster.StartAsync(ct);

        var random = new Random(Seed);
        var delays = Enumerable.Range(0, EdgeKills + CloudKills).Select(_ => TimeSpan.FromMilliseconds(random.Next(1500, 5000))).ToArray();
        var edgeKills = KillEdgeRepeatedlyAsync(cluster, edge, delays[..EdgeKills], ct);
        var cloudKills = KillCloudsOneAtATimeAsync(cluster, delays[EdgeKills..], ct);
        var kills = (await Task.WhenAll(edgeKills, cloudKills)).SelectMany(k => k).ToList();
        cluster.Log($"chaos over after {clock.Elapsed.TotalSeconds:0.0}s:\n{string.Join("\n", kills)}");

        var (edges, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromMinutes(5), ct: ct);
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(edges, stats, manifest);

        // Every photo of the folder was decided once across all the edge's runs and is in the dataset (or quarantined).
        var exported = manifest.Images.Where(i => i.Site == edge.Site).Select(i => i.ContentId).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Count(id => !exported.Contains(id));
        cluster.Check(missing <= edges[edge.Site].Decisions.Quarantined,
            () => $"{missing} of the {expected.Count} photos are not in the dataset ({edges[edge.Site].Decisions.Quarantined} quarantined)");
        cluster.Check(edges[edge.Site].Delivered >= Photos - edges[edge.Site].Decisions.Quarantined,
            () => $"the edge delivered only {edges[edge.Site].Delivered} images: {edges[edge.Site]}");

        // The kills hit work in progress, not an idle cluster (the first ones always do; on a fast machine the last
        // ones may come after the edge has caught up, which is still a valid crash, just not mid-delivery).
        var busy = kills.Count(k => k.Busy);
        cluster.Check(busy >= 3 && kills.Where(k => k.Node == edge.Name).Take(2).All(k => k.Busy), () => $"only {busy} kill(s) hit undelivered work:\n{string.Join("\n", kills)}");
        cluster.Check(edge.Kills >= EdgeKills && cluster.Clouds.Sum(c => c.Kills) >= CloudKills,
            () => $"kills: edge {edge.Kills}, clouds {string.Join(", ", cluster.Clouds.Select(c => c.Kills))}");
        output.WriteLine($"{stats.Images} images ({edges[edge.Site].Delivered} + {edges[other.Site].Delivered}) after {edge.Kills} edge and " +
                         $"{cluster.Clouds.Sum(c => c.Kills)} cloud kills, in {clock.Elapsed.TotalSeconds:0.0}s");
    }

    private sealed record Kill(string Node, int Number, TimeSpan At, bool Busy, string State)
    {
        public override string ToString() => $"kill {Number} of {Node} at {At.TotalSeconds:0.0}s ({(Busy ? "busy" : "idle")}): {State}";
    }

    /// <summary>Kills the edge a random delay after each start once it answers, restarts it at once.</summary>
    private static async Task<IReadOnlyList<Kill>> KillEdgeRepeatedlyAsync(ClusterDeployment cluster, EdgeSite edge, TimeSpan[] delays,
        CancellationToken ct)
    {
        var kills = new List<Kill>();
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < delays.Length; k++)
        {
            // Up (answers /status) first, so the kill lands in a working node rather than always in its start-up.
            await edge.WaitForStatusAsync(_ => true, ClusterDeployment.StartTimeout, $"edge up before kill {k + 1}", ct);
            await Task.Delay(delays[k], ct);
            var status = await edge.TryGetStatusAsync(ct);
            edge.KillAndRestart();
            var busy = status is null || !status.FullyDelivered;
            kills.Add(new Kill(edge.Name, k + 1, clock.Elapsed, busy, status?.ToString() ?? "(no answer)"));
            cluster.Log(kills[^1].ToString());
        }
        await edge.WaitUpAsync(ClusterDeployment.StartTimeout, ct);
        return kills;
    }

    /// <summary>Kills cloud-1, cloud-2, cloud-1, ... a random delay apart; each killed node is restarted and back Up (and
    /// seen Up by the other) before the next kill, so the two are never down together.</summary>
    private static async Task<IReadOnlyList<Kill>> KillCloudsOneAtATimeAsync(ClusterDeployment cluster, TimeSpan[] delays, CancellationToken ct)
    {
        var kills = new List<Kill>();
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < delays.Length; k++)
        {
            await Task.Delay(delays[k], ct);
            var victim = cluster.Clouds[k % cluster.Clouds.Count];
            var survivor = cluster.Clouds[(k + 1) % cluster.Clouds.Count];
            var statuses = await Task.WhenAll(cluster.Edges.Select(e => e.TryGetStatusAsync(ct)));
            var busy = statuses.Any(st => st is null || !st.FullyDelivered);
            var pending = string.Join(" | ", cluster.Edges.Zip(statuses, (e, st) => $"{e.Name}: {st?.ToString() ?? "(no answer)"}"));
            victim.KillAndRestart();
            kills.Add(new Kill(victim.Name, k + 1, clock.Elapsed, busy, pending));
            cluster.Log(kills[^1].ToString());
            await victim.WaitUpAsync(ClusterDeployment.StartTimeout, ct);
            // The new incarnation replaced the old one in the survivor's view: both clouds Up and reachable.
            await survivor.WaitForClusterAsync(v => v.UpWithRole("cloud") == cluster.Clouds.Count
                                                    && v.Members.Count(m => m.Roles.Contains("cloud")) == cluster.Clouds.Count,
                ClusterDeployment.StartTimeout, $"both clouds Up after kill {k + 1} of {victim.Name}", ct);
        }
        return kills;
    }

    /// <summary>Distinct real-photo JPEGs (seeded crops of the dlib faces) in <paramref name="dir"/>; their content ids.</summary>
    private static IReadOnlySet<string> WriteVariants(string dir)
    {
        var sources = TestData.DlibPhotos.Where(p => new FileInfo(p).Length < 150_000).Select(File.ReadAllBytes).ToArray();
        var variants = new PhotoVariants(sources, Seed);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var images = new byte[Photos][];
        Parallel.For(0, Photos, i => images[i] = variants.Make(i));
        for (var i = 0; i < Photos; i++)
        {
            ImageFolder.Write(dir, $"p{i:D4}.jpg", images[i]);
            ids.Add(TestData.Sha256(images[i]));
        }
        Assert.Equal(Photos, ids.Count);
        return ids;
    }
}
