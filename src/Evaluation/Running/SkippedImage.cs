namespace EdgeLabel.Evaluation.Running;

/// <summary>An annotated image left out of the evaluation, and why (missing file, decode error).</summary>
public sealed record SkippedImage(string FileName, string Reason);
