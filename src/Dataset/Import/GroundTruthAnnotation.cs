namespace EdgeLabel.Dataset.Import;

/// <summary>One annotation of a Ground Truth line as written: pixels of the upright image, floats kept.</summary>
/// <param name="Confidence">The matching entry of the metadata's "objects" array, when there is one.</param>
public sealed record GroundTruthAnnotation(int ClassId, double Left, double Top, double Width, double Height, double? Confidence);
