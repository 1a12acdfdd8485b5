namespace EdgeLabel.Dataset.Import;

/// <summary>The key names and fixed values of a Ground Truth object-detection output manifest, and the extra keys
/// EdgeLabel adds to it (Ground Truth and its readers ignore keys they do not know).</summary>
public static class GroundTruthKeys
{
    public const string SourceRef = "source-ref";
    public const string MetadataSuffix = "-metadata";
    public const string ObjectDetectionType = "groundtruth/object-detection";

    /// <summary>Real job output names the job "labeling-job/&lt;name&gt;"; the dataset keeps the bare name.</summary>
    public const string JobNamePrefix = "labeling-job/";

    public const string ContentId = "edgelabel-content-id";

    /// <summary>One provenance object per annotation, in annotation order.</summary>
    public const string Provenance = "edgelabel-provenance";

    /// <summary>Site, camera, capture time, size in bytes and status of the image.</summary>
    public const string Image = "edgelabel-image";

    public static string StripJobPrefix(string jobName) =>
        jobName.StartsWith(JobNamePrefix, StringComparison.Ordinal) ? jobName[JobNamePrefix.Length..] : jobName;

    /// <summary>Label attribute names are chosen by whoever creates the job; these would collide with fixed keys.</summary>
    public static string? ValidateLabelAttribute(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "the label attribute name is blank";
        if (name == SourceRef || name.StartsWith("edgelabel-", StringComparison.Ordinal)) return $"'{name}' is a reserved key";
        if (name.EndsWith(MetadataSuffix, StringComparison.Ordinal)) return $"'{name}' must not end with '{MetadataSuffix}'";
        return null;
    }
}
