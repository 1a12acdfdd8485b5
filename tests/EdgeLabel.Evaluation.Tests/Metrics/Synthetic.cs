using EdgeLabel.Evaluation.Metrics;
using EdgeLabel.Evaluation.Truth;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Tests.Metrics;

/// <summary>Builds evaluated images whose every number can be worked out by hand.</summary>
internal static class Synthetic
{
    /// <summary>A truth box at slot <paramref name="slot"/> (boxes 20 px apart never overlap).</summary>
    public static TruthBox Face(int slot) => new(0, "face", new PixelBox(slot * 20, 0, 10, 10));

    /// <summary>A detection exactly on slot <paramref name="slot"/> (a hit if that slot holds a face).</summary>
    public static Detection At(int slot, float score) => new(0, score, new PixelBox(slot * 20, 0, 10, 10));

    public static EvaluatedImage Image(string name, TruthBox[] truth, params Detection[] detections) =>
        new(new TruthImage(name, 200, 20, truth), detections);
}
