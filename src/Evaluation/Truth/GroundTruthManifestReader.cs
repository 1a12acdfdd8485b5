using EdgeLabel.Dataset.Import;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Truth;

/// <summary>Reads SageMaker Ground Truth bounding-box output manifests: one JSON object per line, the labels under
/// an attribute named by the labeling job, found through its "-metadata" sibling of type groundtruth/object-detection.</summary>
/// <remarks>Images are named by the file name of their S3 source-ref, which is how they are matched to local files.
/// A line that cannot be read is reported with its line number and skipped; the other lines are kept. A file
/// holding pretty-printed objects (as the developer guide prints them) is read too. Lines are split and parsed by the
/// dataset's <see cref="GroundTruthLabelParser"/>, so evaluation and the dataset import accept exactly the same lines.</remarks>
public static class GroundTruthManifestReader
{
    public const string ObjectDetectionType = GroundTruthKeys.ObjectDetectionType;

    /// <param name="path">The manifest.</param>
    /// <param name="labelAttribute">The label attribute to read; null finds it per line from its metadata type.</param>
    public static GroundTruthSet Read(string path, string? labelAttribute = null)
    {
        var file = Path.GetFileName(path);
        var issues = new List<TruthIssue>();
        var classes = new SortedDictionary<int, string>();
        var images = new List<TruthImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var attributes = new SortedSet<string>(StringComparer.Ordinal);
        var jobs = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var (line, record, error) in GroundTruthLabelParser.ReadManifest(File.ReadAllBytes(path), labelAttribute))
        {
            if (record is null)
            {
                issues.Add(new TruthIssue(file, line, $"{error}; line skipped"));
                continue;
            }
            if (!seen.Add(record.FileName))
            {
                issues.Add(new TruthIssue(file, line, $"image '{record.FileName}' appears again; kept the first"));
                continue;
            }
            images.Add(ToTruthImage(record, classes));
            attributes.Add(record.LabelAttribute);
            if (record.JobName is not null) jobs.Add(record.JobName);
        }

        var description = $"Ground Truth manifest, label attribute {string.Join(", ", attributes.Select(a => $"'{a}'"))}"
                          + (jobs.Count > 0 ? $", job {string.Join(", ", jobs)}" : "");
        var source = new TruthSource(path, TruthFormat.GroundTruthManifest, images.Count, description);
        return new GroundTruthSet(images, classes, issues, [source]);
    }

    private static TruthImage ToTruthImage(GroundTruthLabelRecord record, SortedDictionary<int, string> classes)
    {
        var boxes = new List<TruthBox>(record.Annotations.Count);
        foreach (var a in record.Annotations)
        {
            var className = record.ClassMap.TryGetValue(a.ClassId, out var n) ? n : $"class {a.ClassId}";
            classes.TryAdd(a.ClassId, className);
            boxes.Add(new TruthBox(a.ClassId, className, new PixelBox((float)a.Left, (float)a.Top, (float)a.Width, (float)a.Height)));
        }
        return new TruthImage(record.FileName, record.Width, record.Height, boxes);
    }
}
