using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Upload;

/// <summary>What is stored with an uploaded image: where and when it was captured, which model saw it, and its
/// predicted boxes as Ground Truth pre-annotations (<c>class_id, left, top, width, height</c> in pixels) with the
/// scores in the same order, as Ground Truth's <c>-metadata.objects[].confidence</c> does.</summary>
/// <remarks>The description is one JSON document in the image's own metadata (<see cref="MetadataKey"/>), so an image
/// costs one PUT with one extra header (half the requests of an image plus a sidecar, and each header is signed and
/// parsed on both ends). S3 allows 2 KB of metadata, about a dozen boxes (names outside ASCII are escaped, so they only
/// cost length); an image with more gets the same document as a JSON sidecar beside it instead, written after the image and named by
/// its <see cref="SidecarMetadataKey"/>.</remarks>
public static class ImageDescription
{
    /// <summary>Metadata holding the description as compact JSON.</summary>
    public const string MetadataKey = "description";

    /// <summary>Metadata holding the <c>s3://</c> URI of the sidecar when the description did not fit.</summary>
    public const string SidecarMetadataKey = "description-sidecar";

    /// <summary>How to store the image: its metadata, and the sidecar to PUT after it (null when none is needed).</summary>
    public static ImageObjects Plan(OutboxItem item, ObjectUri imageUri, ObjectUri sidecarUri)
    {
        // The default encoder escapes everything outside printable ASCII, so the JSON is a valid header value.
        var inline = new Dictionary<string, string>(1, StringComparer.Ordinal) { [MetadataKey] = JsonSerializer.Serialize(Document(item)) };
        if (ObjectMetadata.Fits(inline)) return new ImageObjects(inline, null);
        var pointer = new Dictionary<string, string>(1, StringComparer.Ordinal) { [SidecarMetadataKey] = sidecarUri.ToString() };
        return new ImageObjects(pointer, Sidecar(item, imageUri.ToString()));
    }

    /// <summary>The sidecar: the description plus the image's own URI (<c>source-ref</c>, as in a Ground Truth manifest).</summary>
    public static byte[] Sidecar(OutboxItem item, string imageUri)
    {
        var json = Document(item);
        json.Insert(0, "source-ref", imageUri);
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }

    /// <summary>The description: the image's identity, its model and its pre-annotations.</summary>
    public static JsonObject Document(OutboxItem item)
    {
        return new JsonObject
        {
            ["content-id"] = item.Id.Value,
            ["site"] = item.Source.Site,
            ["camera"] = item.Source.Camera,
            ["captured-at"] = item.Source.CapturedAt.ToString("O"),
            ["route"] = item.Kind.ToString().ToLowerInvariant(),
            ["model"] = new JsonObject { ["id"] = item.Model.Id, ["version"] = item.Model.Version, ["sha256"] = item.Model.Sha256 },
            ["pre-annotations"] = PreAnnotations(item),
            ["pre-annotations-metadata"] = PreAnnotationsMetadata(item),
        };
    }

    /// <summary>Ground Truth's bounding-box label: the image size and one box per prediction, in pixels.</summary>
    private static JsonObject PreAnnotations(OutboxItem item) => new()
    {
        ["image_size"] = new JsonArray(new JsonObject { ["width"] = item.Width, ["height"] = item.Height, ["depth"] = 3 }),
        ["annotations"] = new JsonArray(item.Boxes.Select(b => (JsonNode)new JsonObject
        {
            ["class_id"] = b.ClassId,
            ["left"] = Math.Round(b.Left, 1),
            ["top"] = Math.Round(b.Top, 1),
            ["width"] = Math.Round(b.Width, 1),
            ["height"] = Math.Round(b.Height, 1),
        }).ToArray()),
    };

    /// <summary>Ground Truth's label metadata: the scores (box order), class names and the thresholds each box met.</summary>
    private static JsonObject PreAnnotationsMetadata(OutboxItem item)
    {
        var classMap = new JsonObject();
        foreach (var box in item.Boxes.DistinctBy(b => b.ClassId)) classMap[box.ClassId.ToString(CultureInfo.InvariantCulture)] = box.Label;
        return new JsonObject
        {
            ["objects"] = new JsonArray(item.Boxes.Select(b => (JsonNode)new JsonObject { ["confidence"] = Math.Round(b.Score, 4) }).ToArray()),
            ["class-map"] = classMap,
            ["thresholds"] = new JsonArray(item.Boxes.Select(b => (JsonNode)new JsonObject { ["accept"] = b.Accept, ["reject"] = b.Reject }).ToArray()),
            ["type"] = "groundtruth/object-detection",
            ["human-annotated"] = "no",
        };
    }
}

/// <summary>The image's metadata and, when its description did not fit there, the sidecar to store after it.</summary>
public sealed record ImageObjects(IReadOnlyDictionary<string, string> Metadata, byte[]? Sidecar);
