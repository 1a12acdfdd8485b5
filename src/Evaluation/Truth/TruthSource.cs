namespace EdgeLabel.Evaluation.Truth;

/// <summary>One truth file that went into a <see cref="GroundTruthSet"/>, and what it held.</summary>
/// <param name="Path">The file as given.</param>
/// <param name="Format">The detected format.</param>
/// <param name="Images">Images read from it.</param>
/// <param name="Description">A short note for the report, e.g. the Ground Truth label attribute and job.</param>
public sealed record TruthSource(string Path, TruthFormat Format, int Images, string Description);
