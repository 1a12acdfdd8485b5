using EdgeLabel.Evaluation.Metrics;
using EdgeLabel.Evaluation.Truth;
using EdgeLabel.Inference;
using EdgeLabel.Workforce.Truth;

namespace EdgeLabel.Demo.Labeling;

/// <summary>The final dataset against known truth (dlib's face boxes): the exported Ground Truth manifest's boxes of
/// every image whose content id has truth, matched at IoU ≥ 0.5 like <c>edgelabel-edge eval</c> matches the model.</summary>
/// <param name="Images">Dataset images with known truth.</param>
/// <param name="Counts">True positives, false positives and false negatives over those images.</param>


public sealed record DatasetAccuracy(int Images, MatchCounts Counts)
{
    public const double IoU = 0.5;

    public static DatasetAccuracy Measure(string exportedManifest, string labelAttribute, KnownImages truth)
    {
        var dataset = GroundTruthManifestReader.Read(exportedManifest, labelAttribute);
        var options = new MatchOptions(IoU, ClassMatching.SingleClass);
        var images = 0;
        var counts = MatchCounts.Zero;
        foreach (var image in dataset.Images)
        {
            // Exported objects are named by content id: <prefix>/<site>/<camera>/<date>/<sha256>.<ext>.
            if (!truth.TryGet(Path.GetFileNameWithoutExtension(image.FileName), out var known)) continue;
            images++;
            var expected = known.Boxes.Select(b => new TruthBox(0, b.Label, new PixelBox((float)b.Left, (float)b.Top, (float)b.Width, (float)b.Height))).ToList();
            var labeled = image.Boxes.Select(b => new Detection(0, 1f, b.Box));
            counts += BoxMatcher.Count(expected, labeled, options);
        }
        return new DatasetAccuracy(images, counts);
    }
}
