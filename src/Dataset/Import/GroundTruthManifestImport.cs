using System.Globalization;
using System.Text.Json;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Import;

/// <summary>Reads a Ground Truth object-detection output manifest (JSON Lines) into dataset images.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Boxes keep their float coordinates and get human provenance: the job name is the metadata's job-name without
/// its "labeling-job/" prefix, workers are unknown (empty), the score is the line's per-object confidence. A line
/// marked human-annotated "no" (Ground Truth's own auto-labeling) gets machine provenance with model id
/// <see cref="AutoLabelingModelId"/> instead. An <c>edgelabel-provenance</c> array, when present and readable,
/// wins over both.</item>
/// <item>Content id: the line's <c>edgelabel-content-id</c> when present (it must be a lowercase SHA-256 hex);
/// otherwise the SHA-256 of the source-ref string's UTF-8 bytes. A manifest carries no image bytes, so this is an id
/// of the URI, stable across imports, not of the content; an image seen again by the edge gets its real id.</item>
/// <item>Class names come from the class-maps (first name wins on conflicts, reported); boxes are clipped and checked
/// with <see cref="BoxValidation"/>, and each refused box is reported while the rest of its line is kept.</item>
/// <item>Without <c>edgelabel-image</c>: site and camera are empty, size 0, captured-at is the metadata's
/// creation-date (read as UTC, else the Unix epoch), status Reviewed (AutoLabeled for human-annotated "no").</item>
/// <item>A line that is not JSON, lacks the source-ref, the label attribute or image_size, or has a non-numeric or
/// non-positive box is skipped and reported with its 1-based line number; the other lines are kept.</item>
/// </list>
/// </remarks>
public static class GroundTruthManifestImport
{
    public const string AutoLabelingModelId = "groundtruth-auto-labeling";

    public static GroundTruthImportResult Read(string path, string? labelAttribute = null, IProgress<(int Done, int Total)>? linesRead = null) =>
        Parse(File.ReadAllBytes(path), labelAttribute, linesRead);

    /// <param name="manifest">The manifest's bytes.</param>
    /// <param name="labelAttribute">The label attribute; null detects it per line (the key with a detection "-metadata" twin).</param>
    /// <param name="linesRead">Told, on the reading thread, the manifest's lines read so far and its line count.</param>
    public static GroundTruthImportResult Parse(byte[] manifest, string? labelAttribute = null, IProgress<(int Done, int Total)>? linesRead = null)
    {
        var lineCount = linesRead is null ? 0 : LineCount(manifest);
        var issues = new List<ManifestIssue>();
        var read = new List<(int Line, DatasetImage Image)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var classMap = new Dictionary<int, string>();
        var usedIds = new HashSet<int>();
        var attributes = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var (line, record, readError) in GroundTruthLabelParser.ReadManifest(manifest, labelAttribute))
        {
            linesRead?.Report((line, lineCount));
            var error = readError;
            if (record is null || !TryBuildImage(record, line, issues, out var image, out error))
            {
                issues.Add(new ManifestIssue(line, $"{error}; line skipped"));
                continue;
            }
            if (!seen.Add(image.ContentId))
            {
                issues.Add(new ManifestIssue(line, $"'{record.FileName}': content id {image.ContentId} appears again; kept the first"));
                continue;
            }
            MergeClassMap(classMap, record.ClassMap, line, issues);
            usedIds.UnionWith(record.Annotations.Select(a => a.ClassId));
            attributes.Add(record.LabelAttribute);
            read.Add((line, image));
        }

        linesRead?.Report((lineCount, lineCount));
        foreach (var id in usedIds) classMap.TryAdd(id, $"class {id}");
        var categories = LabelCategories.FromClassMap(UniqueNames(classMap, issues));
        var images = read.Select(r => Fit(r.Image, r.Line, categories, issues)).ToList();
        return new GroundTruthImportResult(images, categories, issues.OrderBy(i => i.Line).ToList(), attributes.ToList());
    }

    /// <summary>Lines as the reader numbers them: a last line without a newline counts too.</summary>
    public static int LineCount(ReadOnlySpan<byte> manifest) =>
        manifest.Count((byte)'\n') + (manifest.Length > 0 && manifest[^1] != (byte)'\n' ? 1 : 0);

    private static bool TryBuildImage(GroundTruthLabelRecord record, int line, List<ManifestIssue> issues,
        out DatasetImage image, out string error)
    {
        image = null!;
        var root = record.Root;
        if (record.Width <= 0 || record.Height <= 0)
        {
            error = $"'{record.FileName}': '{record.LabelAttribute}' has no positive image_size";
            return false;
        }
        var contentId = root.Text(GroundTruthKeys.ContentId);
        if (root.TryGetProperty(GroundTruthKeys.ContentId, out _) && !ContentIds.IsValid(contentId))
        {
            error = $"'{record.FileName}': {GroundTruthKeys.ContentId} is not a lowercase SHA-256 hex string";
            return false;
        }

        var provenance = ExplicitProvenance(record, line, issues) ?? DerivedProvenance(record);
        var boxes = record.Annotations
            .Select((a, i) => new LabeledBox(a.ClassId, "", a.Left, a.Top, a.Width, a.Height, provenance[i]))
            .ToList();
        var human = record.HumanAnnotated ?? true;
        var (site, camera, capturedAt, sizeBytes, status) = root.TryObject(GroundTruthKeys.Image, out var meta)
            ? ImageMetadataJson.Read(meta.Value)
            : default;
        image = new DatasetImage(
            contentId ?? ContentIds.OfText(record.SourceRef),
            record.SourceRef,
            sizeBytes ?? 0,
            site ?? "",
            camera ?? "",
            capturedAt ?? CreationDate(record.CreationDate),
            record.Width,
            record.Height,
            status ?? (human ? ImageStatus.Reviewed : ImageStatus.AutoLabeled),
            boxes);
        error = "";
        return true;
    }

    /// <summary>The line's own provenance array, or null (reported) when it is absent or does not fit the annotations.</summary>
    private static IReadOnlyList<BoxProvenance>? ExplicitProvenance(GroundTruthLabelRecord record, int line, List<ManifestIssue> issues)
    {
        if (!record.Root.TryGetProperty(GroundTruthKeys.Provenance, out var array)) return null;
        var list = new List<BoxProvenance>();
        if (array.ValueKind == JsonValueKind.Array && array.GetArrayLength() == record.Annotations.Count)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (!ProvenanceJson.TryRead(item, out var provenance)) break;
                list.Add(provenance);
            }
            if (list.Count == record.Annotations.Count) return list;
        }
        issues.Add(new ManifestIssue(line,
            $"'{record.FileName}': {GroundTruthKeys.Provenance} does not match the annotations; provenance taken from the metadata"));
        return null;
    }

    private static IReadOnlyList<BoxProvenance> DerivedProvenance(GroundTruthLabelRecord record)
    {
        var job = record.JobName is null ? null : GroundTruthKeys.StripJobPrefix(record.JobName);
        return record.Annotations
            .Select(a => record.HumanAnnotated == false
                ? new BoxProvenance(BoxProvenance.MachineSource, AutoLabelingModelId, null, a.Confidence, job, null)
                : BoxProvenance.Human(job ?? "", [], a.Confidence))
            .ToList();
    }

    private static DateTimeOffset CreationDate(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero)
            : DateTimeOffset.UnixEpoch;

    private static void MergeClassMap(Dictionary<int, string> merged, IReadOnlyDictionary<int, string> line, int lineNumber, List<ManifestIssue> issues)
    {
        foreach (var (id, name) in line)
        {
            if (!merged.TryAdd(id, name) && merged[id] != name)
                issues.Add(new ManifestIssue(lineNumber, $"class id {id} is '{name}' here but '{merged[id]}' on an earlier line; kept '{merged[id]}'"));
        }
    }

    /// <summary>Categories need unique names (exports map names back to ids); a name given to two ids, or clashing with
    /// a "class {id}" placeholder, gets the id appended for the later id.</summary>
    private static Dictionary<int, string> UniqueNames(Dictionary<int, string> classMap, List<ManifestIssue> issues)
    {
        var unique = new Dictionary<int, string>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var count = classMap.Count == 0 ? 0 : classMap.Keys.Max() + 1;
        for (var id = 0; id < count; id++)
        {
            var name = classMap.TryGetValue(id, out var n) ? n : $"class {id}";
            if (!taken.Add(name))
            {
                var renamed = $"{name} #{id}";
                issues.Add(new ManifestIssue(0, $"class name '{name}' is used by more than one class id; id {id} renamed '{renamed}'"));
                name = renamed;
                taken.Add(name);
            }
            unique[id] = name;
        }
        return unique;
    }

    /// <summary>Names every box after the merged categories and clips or refuses it; refusals are reported.</summary>
    private static DatasetImage Fit(DatasetImage image, int line, LabelCategories categories, List<ManifestIssue> issues)
    {
        var result = BoxValidation.Validate(image.Boxes, image.Width, image.Height, categories);
        foreach (var rejection in result.Rejected)
            issues.Add(new ManifestIssue(line, $"annotations[{rejection.Index}] dropped: {rejection.Reason}"));
        return image with { Boxes = result.Kept.Select(b => b with { Label = categories[b.ClassId] }).ToList() };
    }
}
