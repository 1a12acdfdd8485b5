using EdgeLabel.Inference.Models;
using EdgeLabel.Inference.Tests.Support;

namespace EdgeLabel.Inference.Tests;

public sealed class BlazeFaceAccuracyTests(ITestOutputHelper output)
{
    /// <summary>Runs with <paramref name="threshold"/> as MinScore (pre-NMS, as MediaPipe does), or with a low MinScore
    /// and the threshold applied after NMS when <paramref name="filterAfterNms"/> (how a one-pass threshold sweep sees it).</summary>
    private static (double Precision, double Recall, int Tp, int Fp, int Fn) Evaluate(float threshold, bool filterAfterNms = false)
    {
        var dir = TestEnvironment.DlibFaces;
        using var detector = OnnxDetector.Load(new DetectorOptions
        {
            ModelPath = TestEnvironment.ModelPath,
            ModelId = "blazeface-back-256",
            MinScore = filterAfterNms ? 0.1f : threshold,
        });
        int tp = 0, fp = 0, fn = 0;
        // Only annotated photos count: the unannotated extras (dogs, bald_guys, Tom Cruise) have no ground truth.
        foreach (var (file, truth) in DlibAnnotations.Load(Path.Combine(dir, "training.xml"), Path.Combine(dir, "testing.xml")))
        {
            var detections = detector.Detect(File.ReadAllBytes(Path.Combine(dir, file)), detector.DecodeLimitsFor(40_000_000))
                .Where(d => d.Score >= threshold);
            var (t, f, n) = GreedyMatcher.Match(truth, detections);
            tp += t; fp += f; fn += n;
        }
        return (tp / (double)Math.Max(1, tp + fp), tp / (double)Math.Max(1, tp + fn), tp, fp, fn);
    }

    [Fact]
    public void BlazeFace_on_dlib_set_reaches_precision_095_recall_090_at_threshold_05()
    {
        var (precision, recall, tp, fp, fn) = Evaluate(0.5f);
        output.WriteLine($"threshold 0.5: precision {precision:F3} recall {recall:F3} (tp {tp}, fp {fp}, fn {fn})");
        Assert.Equal(43, tp + fn);
        Assert.True(precision >= 0.95, $"precision {precision:F3} < 0.95 (tp {tp}, fp {fp})");
        Assert.True(recall >= 0.90, $"recall {recall:F3} < 0.90 (tp {tp}, fn {fn})");
    }

    [Fact]
    public void BlazeFace_precision_and_recall_at_other_thresholds_are_reported()
    {
        foreach (var afterNms in new[] { false, true })
        foreach (var threshold in new[] { 0.5f, 0.6f, 0.7f })
        {
            var (precision, recall, tp, fp, fn) = Evaluate(threshold, afterNms);
            output.WriteLine($"threshold {threshold} ({(afterNms ? "MinScore 0.1, filtered after NMS" : "as MinScore, before NMS")}): " +
                $"precision {precision:F3} recall {recall:F3} (tp {tp}, fp {fp}, fn {fn})");
            Assert.Equal(43, tp + fn);
        }
    }
}
