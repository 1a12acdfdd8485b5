using System.Globalization;
using System.Text.Json;

namespace EdgeLabel.Dataset.Import;

/// <summary>Reads one line of a SageMaker Ground Truth bounding-box output manifest: the labels sit under an attribute
/// named by the labeling job, found through its "-metadata" twin of type groundtruth/object-detection.</summary>
/// <remarks>Shared by the dataset import and the evaluation reader, so both accept and refuse the same lines.</remarks>
public static class GroundTruthLabelParser
{
    /// <summary>Class ids above this are refused: no label set is that large, and a dense class table is built from them.</summary>
    public const int MaxClassId = 65_535;

    /// <summary>Every line of a manifest, read or refused. A record's <see cref="GroundTruthLabelRecord.Root"/> stays valid
    /// until the enumeration moves on.</summary>
    public static IEnumerable<GroundTruthLine> ReadManifest(byte[] manifest, string? labelAttribute)
    {
        foreach (var (line, document, parseError) in ManifestLines.Read(manifest))
        {
            if (document is null)
            {
                yield return new GroundTruthLine(line, null, $"not valid JSON ({parseError})");
                continue;
            }
            using (document)
            {
                yield return TryParse(document.RootElement, labelAttribute, out var record, out var error)
                    ? new GroundTruthLine(line, record, null)
                    : new GroundTruthLine(line, null, error);
            }
        }
    }

    /// <param name="root">The line's JSON value.</param>
    /// <param name="labelAttribute">The label attribute to read; null finds it from its metadata type.</param>
    /// <param name="record">The line's content when it is readable.</param>
    /// <param name="error">Why the line cannot be read, naming the image and the field.</param>
    public static bool TryParse(JsonElement root, string? labelAttribute, out GroundTruthLabelRecord record, out string error)
    {
        record = null!;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "not a JSON object";
            return false;
        }
        var sourceRef = root.Text(GroundTruthKeys.SourceRef);
        if (string.IsNullOrWhiteSpace(sourceRef))
        {
            error = $"no '{GroundTruthKeys.SourceRef}'";
            return false;
        }
        var name = GroundTruthLabelRecord.FileNameOf(sourceRef);
        var attribute = labelAttribute ?? FindLabelAttribute(root);
        if (attribute is null || !root.TryObject(attribute, out var label))
        {
            error = labelAttribute is null
                ? $"'{name}': no label attribute whose {GroundTruthKeys.MetadataSuffix} has type {GroundTruthKeys.ObjectDetectionType}"
                : $"'{name}': no label attribute '{labelAttribute}'";
            return false;
        }
        if (label.Value.Member("annotations", JsonValueKind.Array) is not { } annotations)
        {
            error = $"'{name}': '{attribute}' has no annotations array";
            return false;
        }
        var metadata = root.Member(attribute + GroundTruthKeys.MetadataSuffix, JsonValueKind.Object) ?? default;
        var confidences = Confidences(metadata);
        var boxes = new List<GroundTruthAnnotation>(annotations.GetArrayLength());
        foreach (var a in annotations.EnumerateArray())
        {
            var index = boxes.Count;
            if (!TryReadAnnotation(a, index < confidences.Count ? confidences[index] : null, out var box, out var problem))
            {
                error = $"'{name}': annotations[{index}] {problem}";
                return false;
            }
            boxes.Add(box);
        }

        var (width, height) = ImageSize(label.Value);
        var human = metadata.Text("human-annotated") switch { "yes" => true, "no" => (bool?)false, _ => null };
        record = new GroundTruthLabelRecord(sourceRef, attribute, width, height, boxes, ClassMap(metadata),
            metadata.Text("job-name"), human, metadata.Text("creation-date"), root);
        error = "";
        return true;
    }

    /// <summary>The attribute whose "-metadata" twin says it holds object-detection labels; the name is chosen by
    /// whoever created the labeling job ("bounding-box", "category", ...), so it cannot be assumed.</summary>
    public static string? FindLabelAttribute(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.EndsWith(GroundTruthKeys.MetadataSuffix, StringComparison.Ordinal)) continue;
            var metadata = root.Member(property.Name + GroundTruthKeys.MetadataSuffix, JsonValueKind.Object);
            if (metadata?.Text("type") == GroundTruthKeys.ObjectDetectionType) return property.Name;
        }
        return null;
    }

    private static bool TryReadAnnotation(JsonElement a, double? confidence, out GroundTruthAnnotation box, out string problem)
    {
        box = null!;
        if (!a.TryFinite("class_id", out var classValue) || classValue != Math.Floor(classValue)
            || !a.TryFinite("left", out var left) || !a.TryFinite("top", out var top)
            || !a.TryFinite("width", out var width) || !a.TryFinite("height", out var height))
        {
            problem = "needs numeric class_id, left, top, width, height";
            return false;
        }
        if (classValue is < 0 or > MaxClassId)
        {
            problem = $"has an invalid class_id {classValue}";
            return false;
        }
        if (width <= 0 || height <= 0)
        {
            problem = $"has a non-positive size {width}x{height}";
            return false;
        }
        box = new GroundTruthAnnotation((int)classValue, left, top, width, height, confidence);
        problem = "";
        return true;
    }

    private static (int Width, int Height) ImageSize(JsonElement label)
    {
        var sizes = label.Member("image_size", JsonValueKind.Array);
        if (sizes is not { } array || array.GetArrayLength() == 0) return (0, 0);
        var size = array[0];
        var width = size.TryFinite("width", out var w) ? (int)Math.Round(w) : 0;
        var height = size.TryFinite("height", out var h) ? (int)Math.Round(h) : 0;
        return (width, height);
    }

    /// <summary>The "objects" confidences in annotation order; missing entries are null.</summary>
    private static List<double?> Confidences(JsonElement metadata)
    {
        var list = new List<double?>();
        if (metadata.Member("objects", JsonValueKind.Array) is not { } objects) return list;
        foreach (var o in objects.EnumerateArray()) list.Add(o.TryFinite("confidence", out var c) ? c : null);
        return list;
    }

    private static Dictionary<int, string> ClassMap(JsonElement metadata)
    {
        var map = new Dictionary<int, string>();
        if (!metadata.TryObject("class-map", out var classMap)) return map;
        foreach (var entry in classMap.Value.EnumerateObject())
            if (int.TryParse(entry.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                && entry.Value.ValueKind == JsonValueKind.String)
                map[id] = entry.Value.GetString()!;
        return map;
    }
}
