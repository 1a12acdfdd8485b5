namespace EdgeLabel.Dataset.Import;

/// <summary>Something in a manifest line that was skipped: the whole line, or one box of it.</summary>
/// <param name="Line">1-based line where the record starts; 0 for an issue of the whole file.</param>
public sealed record ManifestIssue(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
