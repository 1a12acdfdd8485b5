using EdgeLabel.Evaluation.Running;
using EdgeLabel.Evaluation.Tests.Support;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Tests.Running;

public class EvaluationRunnerSpecs
{
    private const string Truth = """
        <dataset><images>
          <image file='a.jpg'><box top='0' left='0' width='10' height='10'/><box top='0' left='20' width='10' height='10'/></image>
          <image file='b.jpg'><box top='0' left='0' width='10' height='10'/></image>
          <image file='c.jpg'/>
          <image file='gone.jpg'><box top='0' left='0' width='10' height='10'/></image>
          <image file='broken.jpg'><box top='0' left='0' width='10' height='10'/></image>
        </images></dataset>
        """;

    private static ScriptedDetector Detector() => new(new Dictionary<string, Detection[]>
    {
        ["a.jpg"] = [new(0, 0.9f, new PixelBox(0, 0, 10, 10)), new(0, 0.8f, new PixelBox(20, 0, 10, 10))],
        ["b.jpg"] = [new(0, 0.45f, new PixelBox(0, 0, 10, 10))],
        ["c.jpg"] = [new(0, 0.7f, new PixelBox(50, 0, 10, 10))],
    });

    private static EvaluationOptions Options(TempFolder temp) =>
        new(temp.Path, [temp.Write("faces.xml", Truth)]) { Accept = 0.6f, Reject = 0.4f, Parallelism = 2 };

    private static void WriteImages(TempFolder temp)
    {
        foreach (var name in new[] { "a.jpg", "b.jpg", "c.jpg", "broken.jpg", "extra.jpg" }) temp.Write(name, name);
    }

    [Fact]
    public async Task Every_found_image_is_detected_and_missing_or_undecodable_ones_are_skipped_with_the_reason()
    {
        using var temp = new TempFolder();
        WriteImages(temp);
        var detector = Detector();
        var progress = new List<(int, int)>();

        var report = await new EvaluationRunner(detector).RunAsync(Options(temp), new SyncProgress(progress.Add), TestContext.Current.CancellationToken);

        Assert.Equal(5, report.Dataset.ImagesInTruth);
        Assert.Equal(3, report.Dataset.ImagesEvaluated);
        Assert.Equal(3, report.Dataset.TruthBoxes);
        Assert.Equal(4, report.Dataset.Detections);
        Assert.Equal(1, report.Dataset.ImagesWithoutTruth);
        Assert.Equal(["broken.jpg", "gone.jpg"], report.Dataset.Skipped.Select(s => s.FileName).Order());
        Assert.Contains("missing file", report.Dataset.Skipped.Single(s => s.FileName == "gone.jpg").Reason);
        Assert.Contains("is not an image", report.Dataset.Skipped.Single(s => s.FileName == "broken.jpg").Reason);
        Assert.Equal((5, 5), progress[^1]);
        Assert.Equal(6, progress.Count);
        Assert.Equal(2, detector.MaxConcurrent);
        Assert.Equal("scripted", report.Model.Id);
    }

    [Fact]
    public async Task The_row_for_your_thresholds_replays_the_router()
    {
        using var temp = new TempFolder();
        WriteImages(temp);

        var report = await new EvaluationRunner(Detector()).RunAsync(Options(temp), null, TestContext.Current.CancellationToken);

        // a: both faces ≥ 0.6 → auto, 2 TP. b: 0.45 is between reject and accept → human. c: 0.7 on nothing → auto, 1 FP.
        var row = report.RowAt(0.6f)!;
        Assert.Equal(0.4f, row.Reject);
        Assert.Equal(1, row.ImagesToHumans);
        Assert.Equal(new(2, 1, 0), row.AutoLabelled);
        Assert.Equal(new(2, 1, 1), row.AllImages);
        Assert.Equal(new(3, 1, 0), row.Hybrid);
        Assert.Equal(EdgeLabel.Evaluation.Metrics.ClassMatching.SingleClass, report.Settings.Classes);
    }

    [Fact]
    public async Task Bad_options_are_refused_with_the_option_name()
    {
        using var temp = new TempFolder();
        var options = Options(temp) with { Accept = 0.3f, Reject = 0.5f };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new EvaluationRunner(Detector()).RunAsync(options));
        Assert.Contains("--reject", error.Message);
        var missing = await Assert.ThrowsAsync<ArgumentException>(() =>
            new EvaluationRunner(Detector()).RunAsync(options with { Accept = null, TruthPaths = ["/nonexistent.xml"] }));
        Assert.Contains("--truth", missing.Message);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need every report, in order, before the run returns.</summary>
    private sealed class SyncProgress(Action<(int, int)> report) : IProgress<(int done, int total)>
    {
        public void Report((int done, int total) value)
        {
            lock (this) report(value);
        }
    }
}
