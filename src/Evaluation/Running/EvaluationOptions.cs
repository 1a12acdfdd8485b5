using EdgeLabel.Actors.Routing;
using EdgeLabel.Evaluation.Metrics;

namespace EdgeLabel.Evaluation.Running;

/// <summary>Everything `eval` is asked to do: where images and truth are, which model, and which thresholds to try.</summary>
/// <param name="ImagesDirectory">--images: folder holding the image files.</param>
/// <param name="TruthPaths">--truth: one or more truth files (dlib XML, COCO JSON, Ground Truth manifest), merged.</param>
public sealed record EvaluationOptions(string ImagesDirectory, IReadOnlyList<string> TruthPaths)
{
    /// <summary>--model: the ONNX file; only <see cref="ModelEvaluation"/> needs it.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Model name for the report; the file name without extension when null.</summary>
    public string? ModelId { get; init; }

    /// <summary>Score floor handed to the detector; null uses the lowest threshold the evaluation considers.</summary>
    public float? MinScore { get; init; }

    /// <summary>--accept: your accept threshold, added to the sweep and marked in the table.</summary>
    public float? Accept { get; init; }

    /// <summary>--reject: your reject threshold for every row; null uses the suggested reject (capped at each accept).</summary>
    public float? Reject { get; init; }

    /// <summary>--target-precision: the auto-label precision the suggestion must reach.</summary>
    public double TargetPrecision { get; init; } = 0.95;

    /// <summary>Share of the best reachable recall the suggested reject must keep.</summary>
    public double RecallKeep { get; init; } = 0.98;

    public double IoUThreshold { get; init; } = 0.5;

    public ClassMatching Classes { get; init; } = ClassMatching.Auto;

    /// <summary>As the router is configured: what an image with nothing above reject becomes.</summary>
    public EmptyImagePolicy WhenEmpty { get; init; } = EmptyImagePolicy.LabelEmpty;

    public IReadOnlyList<float> AcceptSweep { get; init; } = ThresholdGrid.DefaultAccepts;

    public IReadOnlyList<float> RejectCandidates { get; init; } = ThresholdGrid.DefaultRejects;

    /// <summary>Images detected at once; decoding is the parallel part, and ORT sessions are safe to share.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws with the option's command-line name when a value is out of range.</summary>
    public EvaluationOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(ImagesDirectory)) throw new ArgumentException("--images is required", nameof(ImagesDirectory));
        if (!Directory.Exists(ImagesDirectory)) throw new ArgumentException($"--images: folder '{ImagesDirectory}' does not exist", nameof(ImagesDirectory));
        if (TruthPaths.Count == 0) throw new ArgumentException("--truth is required", nameof(TruthPaths));
        foreach (var path in TruthPaths)
            if (!File.Exists(path)) throw new ArgumentException($"--truth: file '{path}' does not exist", nameof(TruthPaths));
        Unit(Accept, "--accept");
        Unit(Reject, "--reject");
        Unit(MinScore, "min score");
        if (Accept is { } a && Reject is { } r && r > a) throw new ArgumentException($"--reject ({r}) must not exceed --accept ({a})");
        if (TargetPrecision is <= 0 or > 1) throw new ArgumentException($"--target-precision ({TargetPrecision}) must be within (0,1]");
        if (RecallKeep is <= 0 or > 1) throw new ArgumentException($"recall keep ({RecallKeep}) must be within (0,1]");
        if (IoUThreshold is <= 0 or > 1) throw new ArgumentException($"IoU threshold ({IoUThreshold}) must be within (0,1]");
        if (AcceptSweep.Count == 0 || AcceptSweep.Any(v => v is < 0 or > 1)) throw new ArgumentException("accept sweep needs values within [0,1]");
        if (RejectCandidates.Count == 0 || RejectCandidates.Any(v => v is < 0 or > 1)) throw new ArgumentException("reject candidates need values within [0,1]");
        if (Parallelism < 1) throw new ArgumentException($"parallelism ({Parallelism}) must be at least 1");
        return this;
    }

    private static void Unit(float? value, string option)
    {
        if (value is < 0 or > 1) throw new ArgumentException($"{option} ({value}) must be within [0,1]");
    }
}
