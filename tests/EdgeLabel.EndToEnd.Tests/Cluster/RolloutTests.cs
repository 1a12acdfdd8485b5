using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>Model rollout across real processes, driven with <c>edgelabel ctl</c> as an operator would: while images
/// stream into two sites, a new version is published and rolled out to one site, then to all; a corrupted copy (the
/// stored bytes no longer match the published sha256) is refused and the site keeps its model; a rollback returns
/// every site to the configured model; new thresholds reach one site and bad ones are refused. Every image is labeled
/// by exactly one version, recorded on its labels.</summary>
public sealed class RolloutTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_version_rolled_out_to_one_site_then_all_labels_each_image_with_one_version_a_corrupted_one_is_refused_and_rollback_works()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        await using var cluster = new ClusterDeployment("rollout", output);
        var cloud = cluster.AddCloud();
        // The edges read models from the store the cloud publishes to (as with one S3 bucket in production).
        var store = Path.Combine(cloud.Directory, "object-store");
        string[] fastRollout = [$"store.local-root = \"{store}\"", "rollout.poll-interval = 500ms", "site-reports.interval = 1s"];
        var feedA = new ImageFeed(cluster.Temp, "site-a", seed: 505, count: 400);
        var feedB = new ImageFeed(cluster.Temp, "site-b", seed: 606, count: 400);
        var a = cluster.AddEdge("site-a", new Dictionary<string, string> { ["gate"] = feedA.CameraBlock }, extraHocon: fastRollout);
        var b = cluster.AddEdge("site-b", new Dictionary<string, string> { ["gate"] = feedB.CameraBlock }, extraHocon: fastRollout);
        var prepared = Task.Run(() => Task.WhenAll(feedA.PrepareAsync(ct), feedB.PrepareAsync(ct)), ct);
        await cluster.StartAsync(ct);
        await prepared;
        var ctl = new Ctl(cluster, cloud);

        // Commands go through ctl, as an operator's; waits poll GET /rollouts (what `ctl model show --json` prints).
        Task<JsonObject> WaitRollouts(Func<JsonObject, bool> done, string what) =>
            cloud.WaitForAsync(c => cloud.TryGetAsync<JsonObject>("/rollouts", c), done, TimeSpan.FromSeconds(30), what, ct);

        var before = await WaitRollouts(s => Running(s, "site-a") is not null && Running(s, "site-b") is not null, "both sites reporting");
        var configured = Running(before, "site-a")!;
        await ctl.TextAsync(ct, "model", "publish", TestData.ModelPath, "--version", "v2", "--classes", "face");
        await ctl.TextAsync(ct, "model", "publish", TestData.ModelPath, "--version", "v3-corrupted", "--classes", "face");
        CorruptStoredModel(store, "v3-corrupted");
        var traversal = await ctl.RunAsync(ct, "model", "publish", TestData.ModelPath, "--version", "../../escape");
        var again = await ctl.RunAsync(ct, "model", "publish", TestData.ModelPath, "--version", "v2");
        cluster.Check(traversal.ExitCode == 1 && traversal.Stderr.Contains("version must be") && again.ExitCode == 1 && again.Stderr.Contains("already published"),
            () => $"publish of a traversal version: {traversal}; of a published version again: {again}");

        // Images flow through everything below.
        using var stopFeeding = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var feeding = Task.WhenAll(feedA.ReleaseAtRateAsync(330, 10, stopFeeding.Token), feedB.ReleaseAtRateAsync(330, 10, stopFeeding.Token));
        await Task.Delay(TimeSpan.FromSeconds(2), ct);

        await ctl.TextAsync(ct, "model", "rollout", "v2", "--site", "site-a");
        var staged = await WaitRollouts(s => Running(s, "site-a") == "v2", "site-a running v2");
        cluster.Check(Running(staged, "site-b") == configured, () => $"site-b left the configured model before the rollout reached it: {staged}");
        var all = await ctl.RunAsync(ct, "model", "rollout", "v2", "--wait", "--wait-timeout", "00:02:00");
        cluster.Check(all.ExitCode == 0 && all.Stderr.Contains("2 site(s) run v2", StringComparison.Ordinal), () => $"rollout v2 --wait: {all}");
        await WaitRollouts(s => Running(s, "site-b") == "v2", "site-b running v2");
        cluster.Log("v2 on both sites");

        await ctl.TextAsync(ct, "thresholds", "set", "site-a", "--accept", "0.9", "--reject", "0.2");
        var badThresholds = await ctl.RunAsync(ct, "thresholds", "set", "all", "--accept", "0.2", "--reject", "0.6");
        cluster.Check(badThresholds.ExitCode == 1 && badThresholds.Stderr.Contains("must be >= reject"), () => $"accept < reject: {badThresholds}");
        var thresholds = await ctl.TextAsync(ct, "thresholds", "get", "site-a");
        cluster.Check(thresholds.Contains("accept 0.9, reject 0.2"), () => $"thresholds get site-a: {thresholds}");
        await WaitRollouts(s => Site(s, "site-a")?["thresholdsRevision"] is not null, "site-a applying its thresholds");

        var corrupted = await ctl.RunAsync(ct, "model", "rollout", "v3-corrupted", "--site", "site-b", "--wait", "--wait-timeout", "00:02:00");
        cluster.Check(corrupted.ExitCode == 1 && corrupted.Stderr.Contains("site site-b refused v3-corrupted", StringComparison.Ordinal),
            () => $"rollout v3-corrupted --wait should end with the refusal: {corrupted}");
        var refused = await WaitRollouts(s => LastError(s, "site-b") is { } e && e.Contains("refused"), "site-b refusing the corrupted model");
        cluster.Check(Running(refused, "site-b") == "v2", () => $"site-b left v2 for a corrupted model: {refused}");
        cluster.Log($"site-b refused v3-corrupted: {LastError(refused, "site-b")}");
        var table = await ctl.TextAsync(ct, "model", "show");
        cluster.Check(table.Contains("v3-corrupted") && table.Contains("refused"), () => $"model show:\n{table}");

        // Images decided so far: some by the configured model, some by v2; none by the refused one.
        await stopFeeding.CancelAsync();
        await IgnoreCancelled(feeding);
        var (_, firstStats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromSeconds(60), ct: ct);
        var first = VersionsOf(cluster, ExportedManifest.Read(await cluster.ExportAsync(ct: ct)));

        await ctl.TextAsync(ct, "model", "rollback", "--site", "site-b"); // site-b follows the fleet (v2) again
        await ctl.TextAsync(ct, "model", "rollback"); // the fleet returns to the configured model
        await WaitRollouts(s => Running(s, "site-a") == configured && Running(s, "site-b") == configured, "both sites back on the configured model");
        await Task.WhenAll(feedA.ReleaseAtRateAsync(60, 30, ct), feedB.ReleaseAtRateAsync(60, 30, ct));
        var (finals, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromSeconds(60), ct: ct);
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(finals, stats, manifest);
        var last = VersionsOf(cluster, manifest);

        foreach (var site in new[] { "site-a", "site-b" })
        {
            cluster.Check(first.Count(site, configured) > 0 && first.Count(site, "v2") > 0,
                () => $"{site}: before the rollback, {first.Count(site, configured)} image(s) by {configured} and {first.Count(site, "v2")} by v2");
            cluster.Check(last.Count(site, configured) > first.Count(site, configured) && last.Count(site, "v2") == first.Count(site, "v2"),
                () => $"{site}: after the rollback the configured model labels the new images: {configured} {first.Count(site, configured)} → " +
                      $"{last.Count(site, configured)}, v2 {first.Count(site, "v2")} → {last.Count(site, "v2")}");
        }
        cluster.Check(last.Versions.SetEquals([configured, "v2"]), () => $"versions on labels: {string.Join(", ", last.Versions)}");
        cluster.Check(finals["site-a"].Decisions.Total == feedA.Released && finals["site-b"].Decisions.Total == feedB.Released,
            () => $"decided {finals["site-a"].Decisions.Total} and {finals["site-b"].Decisions.Total}, released {feedA.Released} and {feedB.Released}");
        output.WriteLine($"rollout: {stats.Images} images ({firstStats.Images} before the rollback) in {clock.Elapsed.TotalSeconds:0.0}s; " +
                         $"by version: {string.Join(", ", last.Versions.Select(v => $"{v} {last.Count("site-a", v)}+{last.Count("site-b", v)}"))}");
    }

    private static JsonNode? Site(JsonObject rollouts, string site) =>
        rollouts["sites"]?.AsArray().FirstOrDefault(s => (string?)s?["site"] == site);

    private static string? Running(JsonObject rollouts, string site) => (string?)Site(rollouts, site)?["active"]?["version"];

    private static string? LastError(JsonObject rollouts, string site) => (string?)Site(rollouts, site)?["lastError"];

    /// <summary>Flips one byte of the stored copy: the file the edges fetch no longer has the published sha256.</summary>
    private static void CorruptStoredModel(string store, string version)
    {
        var file = Directory.EnumerateFiles(store, version + ".onnx", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
    }

    private static async Task IgnoreCancelled(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Images per site and model version, from the machine labels' provenance; fails if one image's labels
    /// name more than one version.</summary>
    private static LabelVersions VersionsOf(ClusterDeployment cluster, ExportedManifest manifest)
    {
        var counts = new Dictionary<(string Site, string Version), int>();
        foreach (var image in manifest.Images)
        {
            var versions = image.Provenance.Where(p => p.ModelVersion is not null).Select(p => p.ModelVersion!).Distinct().ToArray();
            cluster.Check(versions.Length <= 1, () => $"{image.ContentId} is labeled by {string.Join(" and ", versions)}: {image.Line}");
            if (versions.Length == 1) counts[(image.Site, versions[0])] = counts.GetValueOrDefault((image.Site, versions[0])) + 1;
        }
        return new LabelVersions(counts);
    }

    private sealed record LabelVersions(IReadOnlyDictionary<(string Site, string Version), int> Counts)
    {
        public int Count(string site, string version) => Counts.GetValueOrDefault((site, version));

        public HashSet<string> Versions => Counts.Keys.Select(k => k.Version).ToHashSet();
    }
}
