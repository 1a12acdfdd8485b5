using System.Globalization;
using System.Text.Json;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Truth;

/// <summary>Reads SageMaker Ground Truth bounding-box output manifests: one JSON object per line, the labels under
/// an attribute named by the labeling job, found through its "-metadata" sibling of type groundtruth/object-detection.</summary>
/// <remarks>Images are named by the file name of their S3 source-ref, which is how they are matched to local files.
/// A line that cannot be read is reported with its line number and skipped; the other lines are kept. A file
/// holding pretty-printed objects (as the developer guide prints them) is read too.</remarks>
public static class GroundTruthManifestReader
{
    public const string ObjectDetectionType = "groundtruth/object-detection";

    /// <param name="path">The manifest.</param>
    /// <param name="labelAttribute">The label attribute to read; null finds it per line from its metadata type.</param>
    public static GroundTruthSet Read(string path, string? labelAttribute = null)
    {
        var file = Path.GetFileName(path);
        var bytes = File.ReadAllBytes(path);
        var issues = new List<TruthIssue>();
        var classes = new SortedDictionary<int, string>();
        var images = new List<TruthImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var attributes = new SortedSet<string>(StringComparer.Ordinal);
        var jobs = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var (line, record, parseError) in Records(bytes))
        {
            if (record is null)
            {
                issues.Add(new TruthIssue(file, line, $"not valid JSON ({parseError}); line skipped"));
                continue;
            }
            using (record)
            {
                if (!TryReadRecord(record.RootElement, labelAttribute, classes, out var image, out var attribute, out var job, out var error))
                {
                    issues.Add(new TruthIssue(file, line, $"{error}; line skipped"));
                    continue;
                }
                if (!seen.Add(image.FileName))
                {
                    issues.Add(new TruthIssue(file, line, $"image '{image.FileName}' appears again; kept the first"));
                    continue;
                }
                images.Add(image);
                attributes.Add(attribute);
                if (job is not null) jobs.Add(job);
            }
        }

        var description = $"Ground Truth manifest, label attribute {string.Join(", ", attributes.Select(a => $"'{a}'"))}"
                          + (jobs.Count > 0 ? $", job {string.Join(", ", jobs)}" : "");
        var source = new TruthSource(path, TruthFormat.GroundTruthManifest, images.Count, description);
        return new GroundTruthSet(images, classes, issues, [source]);
    }

    /// <summary>The JSON values of the file with the line each starts on. JSON Lines is read line by line so one bad
    /// line costs only itself; a file whose values span lines is read as a sequence when it parses whole.</summary>
    private static IEnumerable<(int Line, JsonDocument? Record, string? Error)> Records(byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var text = new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start);
        var sequence = TryReadSequence(text);
        if (sequence is not null && sequence.Count < CountNonBlankLines(text.Span))
        {
            foreach (var value in sequence) yield return (value.Line, value.Record, null);
            yield break;
        }
        // One value per line (or unreadable as a whole): read line by line, so a bad line costs only itself.
        foreach (var value in sequence ?? []) value.Record.Dispose();

        var lineNumber = 0;
        var rest = text;
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            JsonDocument? record = null;
            string? error = null;
            try
            {
                record = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                error = e.Message;
            }
            yield return (lineNumber, record, error);
        }
    }

    private static List<(int Line, JsonDocument Record)>? TryReadSequence(ReadOnlyMemory<byte> text)
    {
        var values = new List<(int, JsonDocument)>();
        var reader = new Utf8JsonReader(text.Span, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                var line = 1 + text.Span[..(int)reader.TokenStartIndex].Count((byte)'\n');
                values.Add((line, JsonDocument.ParseValue(ref reader)));
            }
            return values;
        }
        catch (JsonException)
        {
            foreach (var (_, doc) in values) doc.Dispose();
            return null;
        }
    }

    private static int CountNonBlankLines(ReadOnlySpan<byte> text)
    {
        var count = 0;
        foreach (var range in text.Split((byte)'\n'))
            if (!text[range].Trim(" \t\r"u8).IsEmpty) count++;
        return count;
    }

    private static bool TryReadRecord(JsonElement root, string? labelAttribute, SortedDictionary<int, string> classes,
        out TruthImage image, out string attribute, out string? job, out string error)
    {
        image = null!;
        attribute = "";
        job = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "not a JSON object";
            return false;
        }
        var sourceRef = JsonFields.String(root, "source-ref");
        if (string.IsNullOrWhiteSpace(sourceRef))
        {
            error = "no 'source-ref'";
            return false;
        }
        var name = FileNameOf(sourceRef);
        var found = labelAttribute ?? FindLabelAttribute(root);
        if (found is null || !root.TryGetProperty(found, out var label) || label.ValueKind != JsonValueKind.Object)
        {
            error = labelAttribute is null
                ? $"'{name}': no label attribute whose -metadata has type {ObjectDetectionType}"
                : $"'{name}': no label attribute '{labelAttribute}'";
            return false;
        }
        attribute = found;
        root.TryGetProperty(found + "-metadata", out var metadata);
        job = JsonFields.String(metadata, "job-name");
        var classMap = ReadClassMap(metadata);

        var size = JsonFields.Items(label, "image_size").FirstOrDefault();
        var width = JsonFields.TryNumber(size, "width", out var w) ? (int)Math.Round(w) : 0;
        var height = JsonFields.TryNumber(size, "height", out var h) ? (int)Math.Round(h) : 0;
        if (JsonFields.Array(label, "annotations") is not { } annotations)
        {
            error = $"'{name}': '{found}' has no annotations array";
            return false;
        }

        var boxes = new List<TruthBox>();
        var index = 0;
        foreach (var a in annotations.EnumerateArray())
        {
            if (!JsonFields.TryNumber(a, "class_id", out var classValue) || classValue != Math.Floor(classValue)
                || !JsonFields.TryNumber(a, "left", out var left) || !JsonFields.TryNumber(a, "top", out var top)
                || !JsonFields.TryNumber(a, "width", out var bw) || !JsonFields.TryNumber(a, "height", out var bh))
            {
                error = $"'{name}': annotations[{index}] needs numeric class_id, left, top, width, height";
                return false;
            }
            if (bw <= 0 || bh <= 0)
            {
                error = $"'{name}': annotations[{index}] has a non-positive size {bw}x{bh}";
                return false;
            }
            var classId = (int)classValue;
            var className = classMap.TryGetValue(classId, out var n) ? n : $"class {classId}";
            classes.TryAdd(classId, className);
            boxes.Add(new TruthBox(classId, className, new PixelBox((float)left, (float)top, (float)bw, (float)bh)));
            index++;
        }

        image = new TruthImage(name, width, height, boxes);
        error = "";
        return true;
    }

    /// <summary>The attribute whose "-metadata" sibling says it holds object-detection labels; the name is chosen by
    /// whoever created the labeling job ("bounding-box", "category", …), so it cannot be assumed.</summary>
    private static string? FindLabelAttribute(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.EndsWith("-metadata", StringComparison.Ordinal)) continue;
            if (root.TryGetProperty(property.Name + "-metadata", out var metadata)
                && JsonFields.String(metadata, "type") == ObjectDetectionType)
                return property.Name;
        }
        return null;
    }

    private static Dictionary<int, string> ReadClassMap(JsonElement metadata)
    {
        var map = new Dictionary<int, string>();
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty("class-map", out var classMap)
            || classMap.ValueKind != JsonValueKind.Object)
            return map;
        foreach (var entry in classMap.EnumerateObject())
            if (int.TryParse(entry.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                && entry.Value.ValueKind == JsonValueKind.String)
                map[id] = entry.Value.GetString()!;
        return map;
    }

    /// <summary>"s3://bucket/a/b/x.jpg" → "x.jpg".</summary>
    private static string FileNameOf(string sourceRef)
    {
        var slash = sourceRef.LastIndexOf('/');
        return slash < 0 ? sourceRef : sourceRef[(slash + 1)..];
    }
}
