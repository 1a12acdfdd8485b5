using System.Diagnostics;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests.Upload;

/// <summary>The acceptance test for the uplink: the S3 server dies (SIGKILL, its data kept) while the edge keeps
/// deciding thousands of images; the outbox reports link-down and grows; once the server is back on the same port
/// it resumes within seconds and drains, and the store ends with every image exactly once, byte for byte.</summary>
public sealed class LinkLossTests(ITestOutputHelper output)
{
    private const int FirstBatch = 300;
    private const int ImageCount = 2_000;
    private static readonly TimeSpan MinOutage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ResumeBudget = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Upload_survives_the_store_going_away_and_resumes_within_30s_of_its_return()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = Stopwatch.StartNew();
        UploadKit.UseS3rverCredentials();
        using var temp = new TempDir("upload-link");
        using var s3 = await S3rverProcess.StartAsync(temp.Sub("s3rver"), UploadKit.Bucket);
        var inbox = temp.Sub("inbox");
        var images = UploadKit.MakeImages(ImageCount, seed: 77_001, opencv: true, maxSide: 240);
        output.WriteLine($"{ImageCount} images ({images.Values.Sum(b => b.LongLength) / 1024} KiB) made in {total.Elapsed.TotalSeconds:0.0}s");
        var ordered = images.ToList();
        UploadKit.WriteImages(inbox, ordered.Take(FirstBatch));
        var config = UploadKit.Site("link-test", temp.Sub("data"), inbox, s3.Endpoint);
        var configFile = temp.File("site.conf");
        string S3Log() => $"s3rver (running={s3.IsRunning}):\n{s3.Output}";

        using (var node = RunningNode.Start(config, configFile, temp.Path))
        {
            // 1. The link works: some uploads are confirmed.
            var up = await UploadKit.WaitAsync(node, s => s.Outbox.Uploaded >= 20, TimeSpan.FromSeconds(90),
                "the first 20 uploads", ct, S3Log);
            output.WriteLine($"link up: {up}");

            // 2. The link dies mid-drain; the rest of the images arrive while it is down.
            s3.Stop();
            var outage = Stopwatch.StartNew();
            UploadKit.WriteImages(inbox, ordered.Skip(FirstBatch), FirstBatch);
            var down = await UploadKit.WaitAsync(node, s => s.Outbox.State == "link-down", TimeSpan.FromSeconds(60),
                "the outbox to report link-down after s3rver was killed", ct, S3Log);
            output.WriteLine($"link-down after {outage.Elapsed.TotalSeconds:0.0}s: {down}");
            Assert.False(string.IsNullOrEmpty(down.Outbox.LastError), $"link-down without a last error: {down}");

            // 3. It stays down a while: depth grows with every decision, nothing is confirmed, nothing is lost.
            var uploadedAtDown = down.Outbox.Uploaded;
            var maxDepth = down.Outbox.Depth;
            var states = new HashSet<string>();
            var held = await UploadKit.WaitAsync(node, s =>
                {
                    maxDepth = Math.Max(maxDepth, s.Outbox.Depth);
                    states.Add(s.Outbox.State);
                    // The projection follows the journal by polling: wait until it has enqueued every decision.
                    return s.Decided >= ImageCount && s.Node.Camera(UploadKit.Camera).Idle && outage.Elapsed >= MinOutage
                           && s.Outbox.Depth + s.Outbox.Uploaded >= ImageCount;
                }, TimeSpan.FromSeconds(150), $"all {ImageCount} images decided and enqueued with the link down", ct, S3Log, pollMs: 250);
            output.WriteLine($"after {outage.Elapsed.TotalSeconds:0.0}s of outage: {held}; states seen {string.Join(",", states)}");
            Assert.True(held.Outbox.Depth > down.Outbox.Depth,
                $"the outbox depth should grow while the link is down (was {down.Outbox.Depth} at link-down, now {held.Outbox.Depth}): {held}");
            Assert.True(held.Outbox.Uploaded <= uploadedAtDown + 4 && held.Outbox.State == "link-down",
                $"with the store dead nothing can be confirmed and the outbox should stay link-down: at link-down {down}, now {held}");
            Assert.True(held.Outbox.Depth + held.Outbox.Uploaded == ImageCount && held.Outbox.FailedPermanently == 0,
                $"every decided image should be pending or uploaded, none failed: {held}");
            Assert.DoesNotContain("paused", states);

            // 4. The server comes back on the same port with the same data: the first new object within 30 s.
            await s3.StartAgainAsync();
            var back = Stopwatch.StartNew();
            var resumed = await UploadKit.WaitAsync(node, s => s.Outbox.Uploaded > held.Outbox.Uploaded, ResumeBudget,
                $"the first upload after s3rver restarted (budget {ResumeBudget.TotalSeconds:0}s)", ct, S3Log);
            var resumeTime = back.Elapsed;
            output.WriteLine($"first new object {resumeTime.TotalSeconds:0.00}s after the restart: {resumed}");
            Assert.True(resumeTime <= ResumeBudget, $"uploads resumed {resumeTime.TotalSeconds:0.0}s after the store returned (budget {ResumeBudget.TotalSeconds}s)");

            // 5. It drains completely.
            var drained = await UploadKit.WaitAsync(node, UploadKit.Drained(ImageCount), TimeSpan.FromSeconds(180),
                $"all {ImageCount} images uploaded after the link returned", ct, S3Log, pollMs: 250);
            output.WriteLine($"drained {back.Elapsed.TotalSeconds:0.0}s after the restart: {drained}");
            Assert.True(drained.Outbox is { Uploaded: ImageCount, FailedPermanently: 0, State: "running" },
                $"the outbox should confirm each image once and fail none: {drained}");
            await UploadKit.AssertSpoolEmptiesAsync(config.DataDir, ct);
            await node.StopAsync(TimeSpan.FromSeconds(30));
        }

        var decisions = await DecisionExportFile.ExportAsync(configFile, temp.Path);
        var objects = await S3Inventory.ListAsync(s3.Endpoint, UploadKit.Bucket, "", ct);
        UploadKit.AssertStoreHoldsEachImageOnce(objects, images, decisions, config.Site, output);
        output.WriteLine($"link loss test done in {total.Elapsed.TotalSeconds:0.0}s");
    }
}
