using System.Diagnostics;
using System.Net;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests.Upload;

/// <summary>Store errors an operator must fix (403 AccessDenied, a missing bucket) pause the outbox with the reason
/// and make /healthz unhealthy, drop nothing, and resume by themselves once the store accepts uploads again.
/// A link that drops connections is only link-down (healthy), and drains once it carries traffic again.</summary>
public sealed class StoreRefusalTests(ITestOutputHelper output)
{
    private const int ImageCount = 40;

    [Fact]
    public async Task Upload_pauses_on_access_denied_keeps_everything_and_resumes_when_the_store_accepts_again()
    {
        var ct = TestContext.Current.CancellationToken;
        UploadKit.UseS3rverCredentials();
        using var temp = new TempDir("upload-forbid");
        using var s3 = await S3rverProcess.StartAsync(temp.Sub("s3rver"), UploadKit.Bucket);
        using var proxy = new FaultProxy(s3.Port, FaultMode.Forbid);
        var inbox = temp.Sub("inbox");
        var images = UploadKit.MakeImages(ImageCount, seed: 403);
        UploadKit.WriteImages(inbox, images);
        var config = UploadKit.Site("forbid-test", temp.Sub("data"), inbox, proxy.Endpoint);
        var configFile = temp.File("site.conf");
        string Context() => $"proxy mode={proxy.Mode} accepted={proxy.Accepted} forbidden={proxy.Forbidden}\ns3rver:\n{s3.Output}";

        using (var node = RunningNode.Start(config, configFile, temp.Path))
        {
            var paused = await UploadKit.WaitAsync(node, s => s.Outbox.State == "paused" && s.Decided >= ImageCount && s.Outbox.Depth >= ImageCount,
                TimeSpan.FromSeconds(90), "the outbox to pause on 403 with every image pending", ct, Context);
            output.WriteLine($"paused: {paused}");
            Assert.Contains("AccessDenied", paused.Outbox.LastError ?? "");
            await AssertUnhealthyAsync(node, "AccessDenied", ct);

            // Paused for a while: the probe keeps asking, nothing is uploaded, dropped or failed.
            var forbiddenBefore = proxy.Forbidden;
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var still = (await UploadKit.TryGetAsync(node, ct))!;
            Assert.True(still.Outbox is { State: "paused", Depth: ImageCount, Uploaded: 0, FailedPermanently: 0 },
                $"a refusing store should keep the outbox paused with all {ImageCount} images pending: {still}");
            Assert.True(proxy.Forbidden > forbiddenBefore, $"the paused outbox should keep probing the store ({Context()})");

            proxy.Mode = FaultMode.Pass;
            var fixedAt = Stopwatch.StartNew();
            var drained = await UploadKit.WaitAsync(node, UploadKit.Drained(ImageCount), TimeSpan.FromSeconds(60),
                "uploads to resume by themselves and drain once the store accepts again", ct, Context);
            output.WriteLine($"drained {fixedAt.Elapsed.TotalSeconds:0.0}s after the store was fixed: {drained}");
            Assert.True(drained.Outbox is { Uploaded: ImageCount, FailedPermanently: 0, State: "running" }, $"after resuming: {drained}");
            var health = await UploadKit.HealthzAsync(node, ct);
            Assert.True(health.Code == HttpStatusCode.OK, $"/healthz after resuming: {(int)health.Code} {health.Body}");
            var ready = await UploadKit.ReadyAsync(node, ct);
            Assert.True(ready.Code == HttpStatusCode.OK && ready.Body.Contains("\"ready\":true", StringComparison.Ordinal), $"/ready after resuming: {(int)ready.Code} {ready.Body}");
            await UploadKit.AssertSpoolEmptiesAsync(config.DataDir, ct);
            await node.StopAsync(TimeSpan.FromSeconds(30));
        }

        await AssertStoreAsync(s3, images, configFile, temp.Path, config.Site, ct);
    }

    [Fact]
    public async Task Upload_pauses_on_a_missing_bucket_and_resumes_once_it_is_created()
    {
        const string bucket = "edgelabel-not-yet";
        var ct = TestContext.Current.CancellationToken;
        UploadKit.UseS3rverCredentials();
        using var temp = new TempDir("upload-nobucket");
        using var s3 = await S3rverProcess.StartAsync(temp.Sub("s3rver"), "some-other-bucket");
        var inbox = temp.Sub("inbox");
        var images = UploadKit.MakeImages(ImageCount, seed: 404);
        UploadKit.WriteImages(inbox, images);
        var config = UploadKit.Site("nobucket-test", temp.Sub("data"), inbox, s3.Endpoint, bucket);
        var configFile = temp.File("site.conf");

        using (var node = RunningNode.Start(config, configFile, temp.Path))
        {
            var paused = await UploadKit.WaitAsync(node, s => s.Outbox.State == "paused" && s.Decided >= ImageCount && s.Outbox.Depth >= ImageCount,
                TimeSpan.FromSeconds(90), "the outbox to pause on NoSuchBucket with every image pending", ct, () => s3.Output);
            output.WriteLine($"paused: {paused}");
            Assert.Contains("NoSuchBucket", paused.Outbox.LastError ?? "");
            Assert.True(paused.Outbox is { Uploaded: 0, FailedPermanently: 0 }, $"nothing can be stored or given up yet: {paused}");
            await AssertUnhealthyAsync(node, "NoSuchBucket", ct);

            await S3Inventory.CreateBucketAsync(s3.Endpoint, bucket, ct);
            var created = Stopwatch.StartNew();
            var drained = await UploadKit.WaitAsync(node, UploadKit.Drained(ImageCount), TimeSpan.FromSeconds(60),
                "uploads to resume by themselves and drain once the bucket exists", ct, () => s3.Output);
            output.WriteLine($"drained {created.Elapsed.TotalSeconds:0.0}s after the bucket was created: {drained}");
            Assert.True(drained.Outbox is { Uploaded: ImageCount, FailedPermanently: 0, State: "running" }, $"after resuming: {drained}");
            await UploadKit.AssertSpoolEmptiesAsync(config.DataDir, ct);
            await node.StopAsync(TimeSpan.FromSeconds(30));
        }

        var decisions = await DecisionExportFile.ExportAsync(configFile, temp.Path);
        UploadKit.AssertStoreHoldsEachImageOnce(await S3Inventory.ListAsync(s3.Endpoint, bucket, "", ct), images, decisions, config.Site, output);
    }

    [Fact]
    public async Task Upload_over_a_link_that_drops_connections_is_link_down_not_paused_and_drains_when_it_carries_again()
    {
        var ct = TestContext.Current.CancellationToken;
        UploadKit.UseS3rverCredentials();
        using var temp = new TempDir("upload-drop");
        using var s3 = await S3rverProcess.StartAsync(temp.Sub("s3rver"), UploadKit.Bucket);
        using var proxy = new FaultProxy(s3.Port, FaultMode.Drop);
        var inbox = temp.Sub("inbox");
        var images = UploadKit.MakeImages(ImageCount, seed: 599);
        UploadKit.WriteImages(inbox, images);
        var config = UploadKit.Site("drop-test", temp.Sub("data"), inbox, proxy.Endpoint);
        var configFile = temp.File("site.conf");
        string Context() => $"proxy mode={proxy.Mode} accepted={proxy.Accepted}\ns3rver:\n{s3.Output}";

        using (var node = RunningNode.Start(config, configFile, temp.Path))
        {
            var states = new HashSet<string>();
            var down = await UploadKit.WaitAsync(node, s =>
                {
                    states.Add(s.Outbox.State);
                    return s.Outbox.State == "link-down" && s.Decided >= ImageCount && s.Outbox.Depth >= ImageCount;
                }, TimeSpan.FromSeconds(90), "link-down with every image pending while the proxy drops connections", ct, Context);
            output.WriteLine($"link down: {down}");
            Assert.DoesNotContain("paused", states);
            Assert.True(down.Outbox is { Uploaded: 0, FailedPermanently: 0 }, $"nothing can be stored or given up: {down}");
            var health = await UploadKit.HealthzAsync(node, ct);
            Assert.True(health.Code == HttpStatusCode.OK, $"a link that is down is normal at the edge, /healthz should stay 200: {(int)health.Code} {health.Body}");
            var ready = await UploadKit.ReadyAsync(node, ct);
            Assert.True(ready.Code == HttpStatusCode.OK, $"a site whose link is down still takes images, /ready should stay 200: {(int)ready.Code} {ready.Body}");

            proxy.Mode = FaultMode.Pass;
            var back = Stopwatch.StartNew();
            var drained = await UploadKit.WaitAsync(node, UploadKit.Drained(ImageCount), TimeSpan.FromSeconds(60),
                "uploads to drain once the link carries traffic again", ct, Context);
            output.WriteLine($"drained {back.Elapsed.TotalSeconds:0.0}s after the link came back: {drained}");
            Assert.True(drained.Outbox is { Uploaded: ImageCount, FailedPermanently: 0, State: "running" }, $"after the link returned: {drained}");
            await UploadKit.AssertSpoolEmptiesAsync(config.DataDir, ct);
            await node.StopAsync(TimeSpan.FromSeconds(30));
        }

        await AssertStoreAsync(s3, images, configFile, temp.Path, config.Site, ct);
    }

    private async Task AssertStoreAsync(S3rverProcess s3, Dictionary<string, byte[]> images, string configFile, string workDir, string site, CancellationToken ct)
    {
        var decisions = await DecisionExportFile.ExportAsync(configFile, workDir);
        UploadKit.AssertStoreHoldsEachImageOnce(await S3Inventory.ListAsync(s3.Endpoint, UploadKit.Bucket, "", ct), images, decisions, site, output);
    }

    private async Task AssertUnhealthyAsync(RunningNode node, string reason, CancellationToken ct)
    {
        var (code, body) = await UploadKit.HealthzAsync(node, ct);
        output.WriteLine($"/healthz: {(int)code} {body}");
        Assert.True(code == HttpStatusCode.ServiceUnavailable, $"/healthz should answer 503 while paused, got {(int)code}: {body}");
        Assert.True(body.Contains("paused", StringComparison.Ordinal) && body.Contains(reason, StringComparison.Ordinal),
            $"/healthz should name the reason ({reason}): {body}");
        var ready = await UploadKit.ReadyAsync(node, ct);
        output.WriteLine($"/ready: {(int)ready.Code} {ready.Body}");
        Assert.True(ready.Code == HttpStatusCode.ServiceUnavailable && ready.Body.Contains("\"outbox: paused: ", StringComparison.Ordinal) && ready.Body.Contains(reason, StringComparison.Ordinal),
            $"/ready should answer 503 with the outbox's reason ({reason}): {(int)ready.Code} {ready.Body}");
    }
}
