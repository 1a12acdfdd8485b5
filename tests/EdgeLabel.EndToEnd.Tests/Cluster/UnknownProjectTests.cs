using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>Bad input over the wire: a site configured for a project the cloud does not know. The cloud refuses its
/// records, the edge shows why and keeps every one of them, and the project the cloud does know is untouched.</summary>
public sealed class UnknownProjectTests(ITestOutputHelper output)
{
    private const string BadProject = "no-such-project";

    [Fact]
    public async Task Records_for_an_unknown_project_are_rejected_kept_at_the_edge_and_leave_other_projects_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = new ClusterDeployment("unknown-project", output);
        cluster.AddCloud();
        var (inboxGood, _) = SampleInbox.DlibSubset(cluster.Root, "inbox-good", i => i % 2 == 0);
        var (inboxBad, _) = SampleInbox.DlibSubset(cluster.Root, "inbox-bad", i => i % 2 == 1);
        var good = cluster.AddEdge("site-good", new Dictionary<string, string>
        {
            ["gate"] = Support.SiteConfig.DirectoryCamera(inboxGood),
            ["synth"] = EdgeSite.SyntheticCamera(40, seed: 5),
        });
        var bad = cluster.AddEdge("site-bad", new Dictionary<string, string>
        {
            ["gate"] = Support.SiteConfig.DirectoryCamera(inboxBad),
            ["synth"] = EdgeSite.SyntheticCamera(40, seed: 6),
        }, project: BadProject);
        await cluster.StartAsync(ct);

        // The bad site finishes its own work (decides, uploads) and queues every record, but none is acknowledged.
        var rejected = await bad.WaitForStatusAsync(s =>
                s.CamerasDone && s.Outbox is { Depth: 0 } && s.Delivery is { State: "rejected" } d && d.Queued == s.ExpectedRecords,
            TimeSpan.FromMinutes(3), "delivery rejected with every record queued", ct);
        var delivery = rejected.Delivery!;
        cluster.Check(delivery.LastError is { } error && error.Contains(BadProject, StringComparison.Ordinal) && error.Contains("unknown project", StringComparison.Ordinal),
            () => $"lastError does not name the unknown project: {delivery}");
        cluster.Check(delivery is { Acknowledged: 0 } && delivery.Pending == delivery.Queued && delivery.Queued > 0,
            () => $"records were dropped or acknowledged although refused: {delivery}");

        // The other site's project is unaffected: exactly its images, nothing of the bad site.
        var (edges, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromMinutes(3), [good], ct: ct);
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(edges, stats, manifest);
        cluster.Check(stats.HighWater(bad.Site) == 0 && stats.Site(bad.Site) == 0, () => $"the bad site reached project default: {stats}");

        // The refusal is retried (retry-rejected-after = 5s) and refused again: across two retry periods the edge
        // still holds every record and says why.
        var until = DateTime.UtcNow.AddSeconds(12);
        while (DateTime.UtcNow < until)
        {
            var now = await bad.WaitForStatusAsync(_ => true, TimeSpan.FromSeconds(30), "/status", ct);
            cluster.Check(now.Delivery is { Acknowledged: 0 } d && d.Pending == rejected.Delivery!.Queued && d.Queued == rejected.Delivery.Queued
                                                          && (d.State == "rejected" || d.State == "delivering"),
                () => $"the bad site's records changed while refused: {now.Delivery} (was {rejected.Delivery})");
            await Task.Delay(1000, ct);
        }
        var final = await bad.WaitForStatusAsync(s => s.Delivery is { State: "rejected" }, TimeSpan.FromSeconds(60), "rejected again after a retry", ct);
        var after = await cluster.WaitForStatsAsync(_ => true, TimeSpan.FromSeconds(30), "stats", ct: ct);
        cluster.Check(after.Images == stats.Images && after.HighWater(bad.Site) == 0 && after.DuplicateRecords == 0,
            () => $"project default changed after the bad site's retries: {after} (was {stats})");
        output.WriteLine($"bad site: {final.Delivery}; default: {after}");
    }
}
