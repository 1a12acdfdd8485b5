namespace EdgeLabel.Dataset.Model;

/// <summary>One labeled box in pixels of the upright image: left/top corner and size, with its class and provenance.</summary>
/// <param name="ClassId">Index into the dataset's <see cref="LabelCategories"/>; the id, not the label, is authoritative.</param>
/// <param name="Label">The class name as the labeler saw it (exports write the category's name for the id).</param>
public sealed record LabeledBox(
    int ClassId,
    string Label,
    double Left,
    double Top,
    double Width,
    double Height,
    BoxProvenance Provenance)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;
}
