using EdgeLabel.Evaluation.Truth;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Metrics;

/// <summary>One image's truth next to everything the detector found in it.</summary>
public sealed record EvaluatedImage(TruthImage Truth, IReadOnlyList<Detection> Detections);
