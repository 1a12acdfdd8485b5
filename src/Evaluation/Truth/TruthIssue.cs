namespace EdgeLabel.Evaluation.Truth;

/// <summary>A part of a truth file that was skipped because it could not be read; the rest of the file is kept.</summary>
/// <param name="File">File name of the truth file.</param>
/// <param name="Line">1-based line where the bad record starts, when the format has lines.</param>
/// <param name="Message">What was wrong, naming the element or field.</param>
public sealed record TruthIssue(string File, int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}
