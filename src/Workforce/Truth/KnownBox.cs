namespace EdgeLabel.Workforce.Truth;

/// <summary>One true box of a known image, in pixels of the upright image, with the label a labeler would pick.</summary>
public sealed record KnownBox(string Label, double Left, double Top, double Width, double Height);
