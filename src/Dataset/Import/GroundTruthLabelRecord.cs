using System.Text.Json;

namespace EdgeLabel.Dataset.Import;

/// <summary>What one Ground Truth object-detection output line says, before any reader maps it to its own model.</summary>
/// <param name="SourceRef">The image's URI as the line gives it.</param>
/// <param name="LabelAttribute">The key holding the labels (the job's label attribute name).</param>
/// <param name="Width">Image width from image_size (rounded), or 0 when the line does not say.</param>
/// <param name="Height">Image height from image_size (rounded), or 0 when the line does not say.</param>
/// <param name="ClassMap">class_id → name from the metadata's class-map (may be sparse or empty).</param>
/// <param name="JobName">The metadata's job-name as written (with its "labeling-job/" prefix, if any).</param>
/// <param name="HumanAnnotated">The metadata's human-annotated flag; null when absent.</param>
/// <param name="CreationDate">The metadata's creation-date as written.</param>
/// <param name="Root">The whole line, for keys only some readers want; valid while its document is.</param>
public sealed record GroundTruthLabelRecord(
    string SourceRef,
    string LabelAttribute,
    int Width,
    int Height,
    IReadOnlyList<GroundTruthAnnotation> Annotations,
    IReadOnlyDictionary<int, string> ClassMap,
    string? JobName,
    bool? HumanAnnotated,
    string? CreationDate,
    JsonElement Root)
{
    /// <summary>"s3://bucket/a/b/x.jpg" → "x.jpg"; used to name the image in messages and to match local files.</summary>
    public string FileName => FileNameOf(SourceRef);

    public static string FileNameOf(string sourceRef)
    {
        var slash = sourceRef.LastIndexOf('/');
        return slash < 0 ? sourceRef : sourceRef[(slash + 1)..];
    }
}
