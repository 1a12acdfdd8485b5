using System.Diagnostics;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests.Upload;

/// <summary>The edge is SIGKILLed again and again while it uploads (one upload at a time, slowed by the bandwidth
/// budget, so kills land between "dispatched", "stored" and "confirmation persisted"); after the last restart the
/// store holds every image exactly once, byte for byte, and the spool is empty.</summary>
public sealed class CrashDuringUploadTests(ITestOutputHelper output)
{
    private const int ImageCount = 150;
    private const int Kills = 5;
    private const int Seed = 5_150_515;

    /// <summary>Longest a run waits for its kill condition (startup and recovery on a loaded machine included).</summary>
    private static readonly TimeSpan RunCap = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Upload_killed_at_random_points_still_stores_every_image_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = Stopwatch.StartNew();
        UploadKit.UseS3rverCredentials();
        using var temp = new TempDir("upload-crash");
        using var s3 = await S3rverProcess.StartAsync(temp.Sub("s3rver"), UploadKit.Bucket);
        var inbox = temp.Sub("inbox");
        var images = UploadKit.MakeImages(ImageCount, Seed);
        var bytes = images.Values.Sum(b => b.LongLength);
        UploadKit.WriteImages(inbox, images);
        // ~4 images a second: the uploads of all images take ~40 s, spread over the runs below.
        var perSecond = Math.Max(50_000, bytes / ImageCount * 4);
        var config = UploadKit.Site("crash-upload-test", temp.Sub("data"), inbox, s3.Endpoint, UploadKit.Bucket,
            "concurrency = 1", $"bytes-per-second = {perSecond}", $"burst-bytes = {perSecond / 2}");
        var configFile = temp.File("site.conf");
        output.WriteLine($"{ImageCount} images, {bytes / 1024} KiB, upload budget {perSecond / 1024} KiB/s");

        // Run k is killed once it has confirmed a random 1-6 uploads of its own with another upload in flight, or
        // (run 3) at a random moment 1-4 s after it first answers, whatever it is doing; every wait is capped.
        var random = new Random(Seed);
        var kills = new List<string>();
        var midUpload = 0;
        var storedUnconfirmed = 0;
        for (var k = 0; k < Kills; k++)
        {
            var uploadsFirst = random.Next(1, 7);
            var anyMoment = k == 2;
            var delay = TimeSpan.FromMilliseconds(random.Next(1000, 4001));
            using var node = RunningNode.Start(config, configFile, temp.Path);
            UploadStatus? first = null, last = null;
            Stopwatch? answering = null;
            while (node.Process.Started.Elapsed < RunCap)
            {
                if (node.Process.HasExited)
                    Assert.Fail($"edge node exited by itself (code {node.Process.ExitCode}) before kill {k + 1}.\n{node.Process.Log}");
                var status = await UploadKit.TryGetAsync(node, ct);
                if (status is not null)
                {
                    answering ??= Stopwatch.StartNew();
                    first ??= status;
                    last = status;
                    if (anyMoment ? answering.Elapsed >= delay
                            : status.Outbox.Uploaded - first.Outbox.Uploaded >= uploadsFirst && status.Outbox.InFlight > 0)
                        break;
                    if (status.Outbox.Uploaded >= ImageCount) break; // nothing left to interrupt
                }
                await Task.Delay(anyMoment ? 20 : 10, ct);
            }
            var at = node.Process.Started.Elapsed;
            node.Process.Kill();
            var mid = last is { Outbox.InFlight: > 0 } && last.Outbox.Uploaded > (first?.Outbox.Uploaded ?? 0) && last.Outbox.Uploaded < ImageCount;
            if (mid) midUpload++;
            // Evidence of where the kill landed: objects the store holds beyond the confirmations the node reported
            // were written (or being written) but not yet recorded, and must be re-put to the same key, not duplicated.
            var stored = (await S3Inventory.ListAsync(s3.Endpoint, UploadKit.Bucket, "", ct)).Count(o => o.Key.EndsWith(".jpg", StringComparison.Ordinal));
            var unconfirmed = stored - (last?.Outbox.Uploaded ?? 0);
            if (unconfirmed > 0) storedUnconfirmed++;
            var record = $"kill {k + 1}: SIGKILL at {at.TotalSeconds:0.00}s " + (anyMoment ? $"(any moment, {delay.TotalSeconds:0.0}s after answering)" : $"(after {uploadsFirst} uploads)") +
                         $"; uploaded this run {(last?.Outbox.Uploaded ?? 0) - (first?.Outbox.Uploaded ?? 0)}; last: {last?.Outbox.ToString() ?? "(never answered)"}" + $"; store then held {stored} image(s)" + (mid ? " [mid-upload]" : "");
            kills.Add(record);
            output.WriteLine(record);
        }
        Assert.True(midUpload >= Kills - 1,
            $"only {midUpload} of {Kills} kills happened while uploads were in flight; the test did not exercise a crash mid-upload:\n{string.Join('\n', kills)}");

        using (var final = RunningNode.Start(config, configFile, temp.Path))
        {
            var drained = await UploadKit.WaitAsync(final, UploadKit.Drained(ImageCount), TimeSpan.FromSeconds(150),
                $"all {ImageCount} images uploaded after the last restart", ct, () => $"s3rver:\n{s3.Output}", pollMs: 250);
            output.WriteLine($"final run drained after {final.Process.Started.Elapsed.TotalSeconds:0.0}s: {drained}");
            Assert.True(drained.Outbox is { Uploaded: ImageCount, FailedPermanently: 0 },
                $"the outbox should count each image's upload once across all runs and fail none: {drained}");
            await UploadKit.AssertSpoolEmptiesAsync(config.DataDir, ct);
            await final.StopAsync(TimeSpan.FromSeconds(30));
        }

        var decisions = await DecisionExportFile.ExportAsync(configFile, temp.Path);
        var objects = await S3Inventory.ListAsync(s3.Endpoint, UploadKit.Bucket, "", ct);
        UploadKit.AssertStoreHoldsEachImageOnce(objects, images, decisions, config.Site, output);
        output.WriteLine($"crash-during-upload test done in {total.Elapsed.TotalSeconds:0.0}s ({midUpload} of {Kills} kills mid-upload, " +
                         $"{storedUnconfirmed} with objects stored beyond the confirmations last reported)");
    }
}
