using System.Text.Json;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Truth;

/// <summary>Reads COCO object-detection JSON: images, annotations with bbox [x,y,w,h], categories.</summary>
/// <remarks>Class ids are COCO category ids as written (often 1-based); iscrowd=1 annotations are don't-care
/// regions. Images without annotations are kept as negatives.</remarks>
public static class CocoJsonReader
{
    public static GroundTruthSet Read(string path)
    {
        var file = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}:{e.LineNumber + 1}: not valid JSON: {e.Message}", e);
        }
        using (doc)
            return Read(doc.RootElement, path);
    }

    public static GroundTruthSet Read(JsonElement root, string path)
    {
        var file = Path.GetFileName(path);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (JsonFields.Array(root, "images") is not { } imagesArray)
            throw new InvalidDataException($"{file}: a COCO file needs an 'images' array");

        var issues = new List<TruthIssue>();
        var classes = new Dictionary<int, string>();
        var index = 0;
        foreach (var c in JsonFields.Items(root, "categories"))
        {
            if (JsonFields.TryNumber(c, "id", out var id) && id == Math.Floor(id))
                classes[(int)id] = JsonFields.String(c, "name") ?? $"class {(int)id}";
            else
                issues.Add(new TruthIssue(file, null, $"categories[{index}] has no integer 'id'; skipped"));
            index++;
        }

        var byId = new Dictionary<string, (string FileName, int Width, int Height, List<TruthBox> Boxes)>();
        var order = new List<string>();
        index = 0;
        foreach (var image in imagesArray.EnumerateArray())
        {
            var id = JsonFields.IdKey(image, "id");
            var name = JsonFields.String(image, "file_name");
            if (id is null || string.IsNullOrWhiteSpace(name))
                issues.Add(new TruthIssue(file, null, $"images[{index}] needs 'id' and 'file_name'; skipped"));
            else if (!byId.TryAdd(id, (name, IntOrZero(image, "width"), IntOrZero(image, "height"), [])))
                issues.Add(new TruthIssue(file, null, $"images[{index}] repeats image id {id}; skipped"));
            else
                order.Add(id);
            index++;
        }

        // A bad annotation drops its whole image: keeping the rest would score the missing box as a false positive.
        var broken = new HashSet<string>();
        index = 0;
        foreach (var a in JsonFields.Items(root, "annotations"))
        {
            var where = $"annotations[{index++}]";
            var imageId = JsonFields.IdKey(a, "image_id");
            if (imageId is null || !byId.TryGetValue(imageId, out var image))
            {
                issues.Add(new TruthIssue(file, null, $"{where} refers to unknown image_id {imageId ?? "(none)"}; skipped"));
                continue;
            }
            if (!TryReadAnnotation(a, classes, out var box, out var error))
            {
                issues.Add(new TruthIssue(file, null, $"{where} (image '{image.FileName}'): {error}; image skipped"));
                broken.Add(imageId);
                continue;
            }
            image.Boxes.Add(box);
        }

        var images = order.Where(id => !broken.Contains(id))
            .Select(id => byId[id])
            .Select(i => new TruthImage(i.FileName, i.Width, i.Height, i.Boxes) { BaseDirectory = baseDirectory })
            .ToList();
        var source = new TruthSource(path, TruthFormat.CocoJson, images.Count, $"COCO JSON, {classes.Count} categories");
        return new GroundTruthSet(images, classes, issues, [source]);
    }

    private static bool TryReadAnnotation(JsonElement a, IReadOnlyDictionary<int, string> classes, out TruthBox box, out string error)
    {
        box = null!;
        if (!JsonFields.TryNumber(a, "category_id", out var category) || category != Math.Floor(category))
        {
            error = "no integer 'category_id'";
            return false;
        }
        if (JsonFields.Array(a, "bbox") is not { } bbox || bbox.GetArrayLength() != 4
            || bbox.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
        {
            error = "'bbox' must be [x, y, width, height]";
            return false;
        }
        var v = bbox.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        if (v[2] <= 0 || v[3] <= 0)
        {
            error = $"'bbox' has a non-positive size {v[2]}x{v[3]}";
            return false;
        }
        var classId = (int)category;
        var name = classes.TryGetValue(classId, out var n) ? n : $"class {classId}";
        var crowd = JsonFields.TryNumber(a, "iscrowd", out var c) && c != 0;
        box = new TruthBox(classId, name, new PixelBox((float)v[0], (float)v[1], (float)v[2], (float)v[3]), crowd);
        error = "";
        return true;
    }

    private static int IntOrZero(JsonElement obj, string name) =>
        JsonFields.TryNumber(obj, name, out var v) ? (int)Math.Round(v) : 0;
}
