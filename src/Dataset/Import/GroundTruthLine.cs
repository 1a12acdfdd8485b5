namespace EdgeLabel.Dataset.Import;

/// <summary>One line of a Ground Truth manifest: its content, or why it cannot be read (then <see cref="Record"/> is null).</summary>
/// <param name="Line">1-based line where the record starts.</param>
public readonly record struct GroundTruthLine(int Line, GroundTruthLabelRecord? Record, string? Error);
