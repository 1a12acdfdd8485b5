namespace EdgeLabel.Dataset.Model;

/// <summary>One image of the cloud's merged dataset: where it is stored, where it came from, and its current boxes.</summary>
/// <param name="ContentId">Lowercase SHA-256 hex of the image bytes (see <see cref="ContentIds"/>).</param>
/// <param name="ObjectUri">Where the image is stored, <c>s3://bucket/key</c>.</param>
/// <param name="Width">Width of the upright image in pixels.</param>
/// <param name="Height">Height of the upright image in pixels.</param>
/// <param name="Boxes">Boxes in pixels of the upright image; empty means "nothing here".</param>
public sealed record DatasetImage(
    string ContentId,
    string ObjectUri,
    long SizeBytes,
    string Site,
    string Camera,
    DateTimeOffset CapturedAt,
    int Width,
    int Height,
    ImageStatus Status,
    IReadOnlyList<LabeledBox> Boxes)
{
    /// <summary>True when any box was drawn by a person.</summary>
    public bool HasHumanBoxes => Boxes.Any(b => b.Provenance.IsHuman);

    // Value equality over the boxes too: a record would compare the list by reference.
    public bool Equals(DatasetImage? other) =>
        other is not null
        && ContentId == other.ContentId && ObjectUri == other.ObjectUri && SizeBytes == other.SizeBytes
        && Site == other.Site && Camera == other.Camera && CapturedAt.Equals(other.CapturedAt)
        && CapturedAt.Offset == other.CapturedAt.Offset
        && Width == other.Width && Height == other.Height && Status == other.Status
        && Boxes.SequenceEqual(other.Boxes);

    public override int GetHashCode() => HashCode.Combine(ContentId, ObjectUri, Status, Boxes.Count);
}
