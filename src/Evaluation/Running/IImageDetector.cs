using EdgeLabel.Inference;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Evaluation.Running;

/// <summary>The detector as the evaluation sees it: encoded image bytes in, detections in source pixels out.</summary>
/// <remarks>Implementations must be safe to call concurrently, since the runner detects several images at once. An image
/// that cannot be decoded is reported by throwing; the runner records the message and skips that image.</remarks>
public interface IImageDetector
{
    ModelIdentity Model { get; }

    Task<IReadOnlyList<Detection>> DetectAsync(byte[] imageBytes, CancellationToken cancellationToken);
}
