using EdgeLabel.Evaluation.Running;
using EdgeLabel.Evaluation.Truth;

namespace EdgeLabel.Evaluation.Reporting;

/// <summary>What the evaluation read and compared, and what it had to leave out.</summary>
/// <param name="Sources">The truth files read.</param>
/// <param name="ImagesInTruth">Annotated images in the truth.</param>
/// <param name="ImagesEvaluated">Annotated images found, decoded and detected.</param>
/// <param name="TruthBoxes">Counted truth boxes on the evaluated images (don't-care excluded).</param>
/// <param name="DontCareBoxes">Don't-care boxes on the evaluated images.</param>
/// <param name="Detections">Detections on the evaluated images, at every score the detector reports.</param>
/// <param name="ImagesWithoutTruth">Image files in the folder that the truth does not mention (not evaluated).</param>
/// <param name="Skipped">Annotated images left out, with the reason.</param>
/// <param name="TruthIssues">Truth records that could not be read.</param>
public sealed record DatasetSummary(
    IReadOnlyList<TruthSource> Sources,
    int ImagesInTruth,
    int ImagesEvaluated,
    int TruthBoxes,
    int DontCareBoxes,
    int Detections,
    int ImagesWithoutTruth,
    IReadOnlyList<SkippedImage> Skipped,
    IReadOnlyList<TruthIssue> TruthIssues);
