using System.Diagnostics;
using System.Text.Json;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;
using EdgeLabel.EndToEnd.Tests.Upload;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>Issue 7's acceptance test for <c>edgelabel ctl site outbox show</c>: a cloud node and one edge site whose
/// store is a real S3 server (s3rver) behind a <see cref="FaultProxy"/>. While the proxy cuts the S3 link, what an
/// operator sees through the cloud says so: images and bytes pending grow and then stay, the oldest ages, the state
/// is link-down with the store's failure as last error, and the rate is 0. Once the link carries again the outbox
/// drains to 0 and the bucket holds every image exactly once.</summary>
public sealed class OutboxShowTests(ITestOutputHelper output)
{
    private const string Site = "site-s3";
    private const int BeforeCut = 12;
    private const int DuringCut = 24;

    [Fact]
    public async Task Outbox_show_reports_a_cut_S3_link_and_the_drain_once_it_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        UploadKit.UseS3rverCredentials();
        await using var cluster = new ClusterDeployment("outbox-show", output);
        using var s3 = await S3rverProcess.StartAsync(cluster.Temp.Sub("s3rver"), UploadKit.Bucket);
        using var proxy = new FaultProxy(s3.Port);
        var inbox = cluster.Temp.Sub("inbox");
        var images = UploadKit.MakeImages(BeforeCut + DuringCut, seed: 7_007);
        var ordered = images.ToList();
        UploadKit.WriteImages(inbox, ordered.Take(BeforeCut));
        cluster.AddCloud();
        var edge = cluster.AddEdge(Site, new Dictionary<string, string> { [UploadKit.Camera] = SiteConfig.DirectoryCamera(inbox) },
            extraHocon: [.. UploadKit.S3StoreBlock(proxy.Endpoint), "site-reports.interval = 500ms"]);
        await cluster.StartAsync(ct);
        var ctl = new Ctl(cluster, cluster.Clouds[0]);

        await ctl.WaitJsonAsync(ct, a => a.GetProperty("sites").GetArrayLength() == 1, "the site's first report", "site", "list");

        // 1. The link works: the first images reach the bucket and the cloud hears about it.
        var up = await WaitShownAsync(ctl, o => o is { Pending: 0, Uploaded: BeforeCut, State: "running" }, "the first images uploaded", ct);
        cluster.Log($"link up: {up}");

        // 2. The link is cut (every connection to the store is reset); more images arrive and pile up.
        proxy.Mode = FaultMode.Drop;
        var cutAt = Stopwatch.StartNew();
        UploadKit.WriteImages(inbox, ordered.Skip(BeforeCut), BeforeCut);
        var cutBytes = ordered.Skip(BeforeCut).Sum(p => (long)p.Value.Length);
        var down = await WaitShownAsync(ctl, o => o.State == "link-down" && o.Pending == DuringCut, $"link-down with all {DuringCut} new images pending", ct);
        cluster.Log($"link down after {cutAt.Elapsed.TotalSeconds:0.0}s: {down}");
        cluster.Check(down.PendingBytes == cutBytes, () => $"pending bytes {down.PendingBytes}, the {DuringCut} images waiting are {cutBytes} bytes: {down}");
        cluster.Check(down.LastError is { } e && e.Contains("ConnectionFailure") && e.Contains("S3"),
            () => $"the last error should name the store's failure (S3 ... ConnectionFailure): {down}");

        // 3. Still cut, later: nothing drains, the oldest image ages, nothing uploaded for over the rate's 10 s window.
        var held = await WaitShownAsync(ctl, o => o.OldestAgeSeconds >= down.OldestAgeSeconds + 3 && o.LastUploadAgeSeconds > 11,
            "a later report with the oldest image 3 s older and no upload for 11 s", ct);
        cluster.Log($"still cut after {cutAt.Elapsed.TotalSeconds:0.0}s: {held}");
        cluster.Check(held is { State: "link-down", Pending: DuringCut, Uploaded: BeforeCut, Failed: 0, UploadObjectsPerSecond: 0 } && held.PendingBytes == cutBytes
                      && !string.IsNullOrEmpty(held.LastError),
            () => $"while the link is cut the outbox should hold everything, stay link-down with its error, and show rate 0: {held}");
        cluster.Check(proxy.Accepted > 0, () => "the edge never dialled the store through the proxy");

        // The table an operator reads says the same.
        var table = await ctl.TextAsync(ct, "site", "outbox", "show", Site);
        cluster.Log($"outbox show while cut:\n{table}");
        var row = table.Split('\n').FirstOrDefault(l => l.StartsWith(Site, StringComparison.Ordinal)) ?? "";
        cluster.Check(row.Contains("link-down") && row.Contains("ConnectionFailure") && row.Contains(" 0/s ") && row.Contains("fresh")
                      && table.Contains("last upload") && table.Contains("last error") && table.Contains("link-down: uploads fail in transport"),
            () => $"outbox show should show the site's row with link-down, rate 0/s, a fresh report and the store's error, and say what link-down means:\n{table}");

        // 4. The link carries again: the outbox drains by itself and the error is gone.
        proxy.Mode = FaultMode.Pass;
        var restored = Stopwatch.StartNew();
        var drained = await WaitShownAsync(ctl, o => o is { Pending: 0, State: "running" } && o.Uploaded == images.Count,
            $"the outbox drained to 0 with all {images.Count} images uploaded", ct);
        cluster.Log($"drained {restored.Elapsed.TotalSeconds:0.0}s after the link returned: {drained}");
        cluster.Check(drained is { PendingBytes: 0, OldestAgeSeconds: null, LastError: null, Failed: 0 }, () => $"after the drain: {drained}");

        // 5. Nothing lost, nothing duplicated: the bucket holds each image (with its description) once, byte for byte.
        edge.Kill(); // the journal is read by `decisions export`, a process of its own
        var decisions = await DecisionExportFile.ExportAsync(edge.ConfigFile, edge.Directory);
        var objects = await S3Inventory.ListAsync(s3.Endpoint, UploadKit.Bucket, "", ct);
        UploadKit.AssertStoreHoldsEachImageOnce(objects, images, decisions, Site, output);
    }

    /// <summary>Polls <c>ctl site outbox show SITE --json</c> until <paramref name="done"/> holds for the site's outbox.</summary>
    private static async Task<ShownOutbox> WaitShownAsync(Ctl ctl, Func<ShownOutbox, bool> done, string what, CancellationToken ct)
    {
        var answer = await ctl.WaitJsonAsync(TimeSpan.FromSeconds(45), ct, a => done(ShownOutbox.Of(a)), what, "site", "outbox", "show", Site);
        return ShownOutbox.Of(answer);
    }

    /// <summary>The site's outbox as <c>ctl site outbox show SITE --json</c> prints it (the cloud's GET /sites/SITE).</summary>
    private sealed record ShownOutbox(int Pending, long PendingBytes, double? OldestAgeSeconds, string State, string? LastError, long Uploaded, int Failed,
        double UploadObjectsPerSecond, double UploadBytesPerSecond, double? LastUploadAgeSeconds)
    {
        public static ShownOutbox Of(JsonElement answer)
        {
            var sites = answer.GetProperty("sites");
            Assert.True(sites.GetArrayLength() == 1, $"outbox show {Site} should list exactly that site: {answer}");
            return sites[0].GetProperty("outbox").Deserialize<ShownOutbox>(NodeStatus.Json)!;
        }
    }
}
