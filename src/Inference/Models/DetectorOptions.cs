using EdgeLabel.Inference.Adapters;
using EdgeLabel.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Inference.Models;

/// <summary>Everything needed to load one ONNX detector: file, identity, decoding and ORT session settings.</summary>
public sealed record DetectorOptions
{
    /// <summary>Path of the .onnx file.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Stable model name recorded with every detection, e.g. "blazeface-back-256".</summary>
    public required string ModelId { get; init; }

    /// <summary>Version label; null = the first 12 hex digits of the file's sha256.</summary>
    public string? Version { get; init; }

    /// <summary>Adapter name (see <see cref="OutputAdapters.Names"/>); null = detect from the output shapes.</summary>
    public string? Adapter { get; init; }

    /// <summary>Overrides the adapter's default preprocessing (size must match the model input when it is fixed).</summary>
    public InputSpec? Input { get; init; }

    /// <summary>Boxes below this score are never reported (also the pre-NMS candidate threshold).</summary>
    public float MinScore { get; init; } = 0.1f;

    /// <summary>NMS overlap; null = the adapter's default (BlazeFace 0.3 weighted, YOLO/boxes-scores 0.45).</summary>
    public float? NmsIoU { get; init; }

    /// <summary>Upper bound on detections per image.</summary>
    public int MaxDetections { get; init; } = 300;

    /// <summary>Class names by class id; null = model metadata ("names") or the adapter's defaults.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Box convention for the boxes-scores adapter.</summary>
    public BoxFormat BoxFormat { get; init; } = BoxFormat.NormalizedXyxy;

    /// <summary>Background column 0 for the boxes-scores adapter; null = auto (2 columns ⇒ background + one class).</summary>
    public bool? BackgroundClass { get; init; }

    /// <summary>Largest batch sent in one Run when the model's batch dimension is dynamic.</summary>
    public int MaxBatch { get; init; } = 8;

    /// <summary>Threads for one operator; 2 matches the edge box's cores.</summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Threads across operators (only used with parallel execution mode).</summary>
    public int InterOpThreads { get; init; } = 1;

    public GraphOptimizationLevel GraphOptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Sequential: the detectors here are chains, parallel mode only adds scheduling overhead.</summary>
    public ExecutionMode ExecutionMode { get; init; } = ExecutionMode.ORT_SEQUENTIAL;

    /// <summary>Let ORT's threads spin between runs: lowest latency for a lone model, but on a small box the
    /// spinning takes CPU from the decode stages that run beside inference.</summary>
    public bool AllowSpinning { get; init; }
}
