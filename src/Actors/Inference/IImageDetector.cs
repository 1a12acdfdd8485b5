using EdgeLabel.Inference;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Inference;

/// <summary>An image decoded and turned into model input, with its upright size in pixels.</summary>
public sealed record PreparedFrame(int Width, int Height, object ModelInput);

/// <summary>What the edge pipeline needs from a detector: prepare one image (thread-safe, run in parallel
/// stages) and run a batch of prepared images (thread-safe). Decode failures throw
/// <see cref="EdgeLabel.Inference.Imaging.ImageRejectedException"/>.</summary>
public interface IImageDetector
{
    ModelIdentity Model { get; }

    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Largest batch one model run takes (1 when the model's batch dimension is fixed).</summary>
    int MaxBatch { get; }

    PreparedFrame Prepare(byte[] imageBytes);

    IReadOnlyList<IReadOnlyList<Detection>> Detect(IReadOnlyList<PreparedFrame> batch);
}
