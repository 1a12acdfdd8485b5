using System.Diagnostics;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests.Upload;

/// <summary>The outbox drains a directory camera's decided images to a real S3 server (s3rver), checked with an
/// independent client (the AWS SDK for JavaScript): each image once, under its key, byte for byte, with its description (its metadata, or a sidecar it names).</summary>
public sealed class DrainToS3Tests(ITestOutputHelper output)
{
    private const int ImageCount = 100;

    [Fact]
    public async Task Upload_drains_every_decided_image_to_s3_exactly_once_with_identical_bytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = Stopwatch.StartNew();
        UploadKit.UseS3rverCredentials();
        using var temp = new TempDir("upload-drain");
        using var s3 = await S3rverProcess.StartAsync(temp.Sub("s3rver"), UploadKit.Bucket);
        var inbox = temp.Sub("inbox");
        var images = UploadKit.MakeImages(ImageCount, seed: 4_242);
        UploadKit.WriteImages(inbox, images);
        var config = UploadKit.Site("drain-test", temp.Sub("data"), inbox, s3.Endpoint);
        var configFile = temp.File("site.conf");

        using (var node = RunningNode.Start(config, configFile, temp.Path))
        {
            var drained = await UploadKit.WaitAsync(node, UploadKit.Drained(ImageCount), TimeSpan.FromSeconds(120),
                $"all {ImageCount} images decided and uploaded", ct, () => $"s3rver:\n{s3.Output}");
            output.WriteLine($"drained after {node.Process.Started.Elapsed.TotalSeconds:0.0}s: {drained}");
            Assert.True(drained.Outbox is { Uploaded: ImageCount, FailedPermanently: 0, State: "running" },
                $"the outbox should confirm each image once and fail none: {drained}");
            await UploadKit.AssertSpoolEmptiesAsync(config.DataDir, ct);
            await node.StopAsync(TimeSpan.FromSeconds(30));
        }

        var decisions = await DecisionExportFile.ExportAsync(configFile, temp.Path);
        var objects = await S3Inventory.ListAsync(s3.Endpoint, UploadKit.Bucket, UploadKit.Prefix + "/", ct);
        UploadKit.AssertStoreHoldsEachImageOnce(objects, images, decisions, config.Site, output);
        var everything = await S3Inventory.ListAsync(s3.Endpoint, UploadKit.Bucket, "", ct);
        Assert.True(everything.Count == objects.Count, $"objects outside the prefix: {string.Join(", ", everything.Select(o => o.Key).Except(objects.Select(o => o.Key)).Take(10))}");
        output.WriteLine($"drain test done in {total.Elapsed.TotalSeconds:0.0}s");
    }
}
