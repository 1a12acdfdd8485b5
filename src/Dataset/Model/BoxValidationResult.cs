namespace EdgeLabel.Dataset.Model;

/// <summary>The boxes kept (clipped where needed, in input order) and the ones refused.</summary>
/// <param name="Clipped">How many kept boxes had to be clipped to the image.</param>
public sealed record BoxValidationResult(IReadOnlyList<LabeledBox> Kept, IReadOnlyList<BoxRejection> Rejected, int Clipped);
