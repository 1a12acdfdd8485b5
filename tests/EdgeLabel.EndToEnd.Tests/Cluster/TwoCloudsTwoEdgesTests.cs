using System.Diagnostics;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>The happy path across real processes: two cloud nodes sharing one journal, two edge sites with their own
/// cameras, every decided image of both sites in the sharded dataset exactly once, with its provenance.</summary>
public sealed class TwoCloudsTwoEdgesTests(ITestOutputHelper output)
{
    private const int SyntheticPerSite = 150;

    [Fact]
    public async Task TwoCloudsTwoEdges_every_image_of_both_sites_reaches_the_dataset_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        await using var cluster = new ClusterDeployment("two-two", output);
        cluster.AddCloud();
        cluster.AddCloud();
        var (inboxA, photosA) = SampleInbox.DlibSubset(cluster.Root, "inbox-a", i => i < 6);
        var (inboxB, photosB) = SampleInbox.DlibSubset(cluster.Root, "inbox-b", i => i >= 6);
        var a = cluster.AddEdge("site-a", new Dictionary<string, string>
        {
            ["gate"] = SiteConfig.DirectoryCamera(inboxA),
            ["synth"] = EdgeSite.SyntheticCamera(SyntheticPerSite, seed: 11),
        });
        var b = cluster.AddEdge("site-b", new Dictionary<string, string>
        {
            ["dock"] = SiteConfig.DirectoryCamera(inboxB),
            ["synth"] = EdgeSite.SyntheticCamera(SyntheticPerSite, seed: 22),
        });

        await cluster.StartAsync(ct);
        var (edges, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromMinutes(4), ct: ct);

        foreach (var (edge, photos, camera) in new[] { (a, photosA, "gate"), (b, photosB, "dock") })
        {
            var status = edges[edge.Site];
            cluster.Check(status.Decisions.Total == photos.Count + SyntheticPerSite,
                () => $"{edge.Site} decided {status.Decisions.Total} images, its cameras made {photos.Count + SyntheticPerSite}: {status}");
            cluster.Check(status.Delivery!.State == "idle", () => $"{edge.Site}: delivery is {status.Delivery}");
        }

        var export = await cluster.ExportAsync(ct: ct);
        var manifest = ExportedManifest.Read(export);
        cluster.AssertNothingLostNothingDuplicated(edges, stats, manifest);
        // The directory cameras' photos are in the dataset under their own site (content id = sha256 of the file).
        foreach (var (site, photos) in new[] { ("site-a", photosA), ("site-b", photosB) })
        {
            var exported = manifest.Images.Where(i => i.Site == site).Select(i => i.ContentId).ToHashSet();
            var quarantined = edges[site].Decisions.Quarantined;
            cluster.Check(photos.Count(exported.Contains) >= photos.Count - quarantined,
                () => $"{site}: only {photos.Count(exported.Contains)} of its {photos.Count} photos are in the export");
        }
        // Every cloud node hears from every edge: both sites listed, fresh, with nothing left in their outboxes.
        foreach (var cloud in cluster.Clouds)
            await cloud.WaitForAsync(cloud.TryGetSitesAsync,
                s => s.Sites.Count == 2 && new[] { "site-a", "site-b" }.All(site => s.Of(site) is { Stale: false, Outbox.Pending: 0 }),
                TimeSpan.FromSeconds(30), "GET /sites listing site-a and site-b, not stale, outbox pending 0", ct);
        output.WriteLine($"two clouds, two edges: {stats.Images} images in {clock.Elapsed.TotalSeconds:0.0}s");
    }
}
