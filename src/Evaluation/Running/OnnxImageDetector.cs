using EdgeLabel.Inference;
using EdgeLabel.Inference.Imaging;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Evaluation.Running;

/// <summary>The production <see cref="OnnxDetector"/> behind the evaluation's <see cref="IImageDetector"/>.</summary>
public sealed class OnnxImageDetector : IImageDetector, IDisposable
{
    /// <summary>The same pixel budget the edge applies to untrusted camera images.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    private readonly OnnxDetector _detector;
    private readonly DecodeLimits _limits;

    public OnnxImageDetector(OnnxDetector detector, long maxPixels = DefaultMaxPixels)
    {
        _detector = detector;
        _limits = detector.DecodeLimitsFor(maxPixels);
    }

    /// <summary>Loads the model for an evaluation: the score floor is the lowest threshold the evaluation looks at,
    /// so every row of the sweep sees every box it could keep.</summary>
    /// <exception cref="ModelLoadException">The model file is missing or no adapter understands it.</exception>
    public static OnnxImageDetector Load(EvaluationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath)) throw new ArgumentException("--model is required to run a detector");
        var detector = OnnxDetector.Load(new DetectorOptions
        {
            ModelPath = options.ModelPath,
            ModelId = options.ModelId ?? Path.GetFileNameWithoutExtension(options.ModelPath),
            MinScore = options.MinScore ?? LowestThreshold(options),
        });
        return new OnnxImageDetector(detector);
    }

    public ModelIdentity Model => _detector.Identity;

    public Task<IReadOnlyList<Detection>> DetectAsync(byte[] imageBytes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Decode and ORT Run are CPU-bound and thread-safe; the runner already bounds how many run at once.
        return Task.FromResult(_detector.Detect(imageBytes, _limits));
    }

    public void Dispose() => _detector.Dispose();

    private static float LowestThreshold(EvaluationOptions options) =>
        options.RejectCandidates.Append(options.Reject ?? 1f).Append(options.AcceptSweep.Min()).Min();
}
