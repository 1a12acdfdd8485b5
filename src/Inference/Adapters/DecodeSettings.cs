using EdgeLabel.Inference.Preprocessing;

namespace EdgeLabel.Inference.Adapters;

/// <summary>Per-detector decoding parameters handed to an <see cref="IOutputAdapter"/>.</summary>
/// <param name="Input">The input spec the tensor was prepared with (model size for anchor and normalised-box maths).</param>
/// <param name="MinScore">Candidates below this score are dropped before NMS and never reported.</param>
/// <param name="NmsIoU">Overlap at or above which two boxes are considered the same object.</param>
/// <param name="MaxDetections">Upper bound on reported boxes per image (highest scores kept).</param>
public sealed record DecodeSettings(InputSpec Input, float MinScore, float NmsIoU, int MaxDetections = 300);
