namespace EdgeLabel.Workforce.Truth;

/// <summary>An image whose true boxes are known, identified by the content id of its bytes (SHA-256, lowercase hex).</summary>
/// <param name="ContentId">SHA-256 of the image file's bytes, lowercase hex (the dataset's content id).</param>
/// <param name="FileName">The name the truth file gives the image.</param>
/// <param name="Path">Where the image file was read.</param>
/// <param name="Width">Width as annotated (0 when the truth file does not say).</param>
/// <param name="Height">Height as annotated (0 when the truth file does not say).</param>
/// <param name="Boxes">The boxes that count (don't-care regions left out); empty means "nothing here".</param>
public sealed record KnownImage(string ContentId, string FileName, string Path, int Width, int Height, IReadOnlyList<KnownBox> Boxes);
