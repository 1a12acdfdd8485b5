namespace EdgeLabel.Dataset.Export;

/// <summary>How far an export is: format <see cref="Step"/> of <see cref="Steps"/> has written
/// <see cref="ImagesWritten"/> of <see cref="Images"/> images.</summary>
public sealed record DatasetExportProgress(string Format, int Step, int Steps, int ImagesWritten, int Images)
{
    /// <summary>Images written summed over every format, out of <see cref="TotalEntries"/> (each image once per format).</summary>
    public long EntriesWritten => (long)(Step - 1) * Images + ImagesWritten;

    public long TotalEntries => (long)Steps * Images;
}
