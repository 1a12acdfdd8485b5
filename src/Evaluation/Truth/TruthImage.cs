namespace EdgeLabel.Evaluation.Truth;

/// <summary>One annotated image of a truth set: its file name, size as annotated, and boxes (possibly none).</summary>
/// <param name="FileName">The name the truth file gives the image, relative (dlib, COCO) or the file name of
/// the S3 source-ref (Ground Truth manifests).</param>
/// <param name="Width">Width in pixels as annotated; 0 when the truth file does not say.</param>
/// <param name="Height">Height in pixels as annotated; 0 when the truth file does not say.</param>
/// <param name="Boxes">Every box, including don't-care boxes; an empty list means "nothing here".</param>
public sealed record TruthImage(string FileName, int Width, int Height, IReadOnlyList<TruthBox> Boxes)
{
    /// <summary>Folder that relative file names resolve against when the images folder does not hold the file
    /// (the folder of the truth file, as dlib's imglab does); null when the truth names remote objects.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Boxes that count: everything except don't-care regions.</summary>
    public int CountedBoxes => Boxes.Count(b => !b.DontCare);
}
