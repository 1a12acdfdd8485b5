using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeLabel.Actors.Outbox;

namespace EdgeLabel.Actors.Upload;

/// <summary>The JSON stored beside each uploaded image: where and when it was captured, which model saw it, and
/// its predicted boxes as Ground Truth pre-annotations (<c>class_id, left, top, width, height</c> in pixels),
/// with the scores in the same order, as Ground Truth's <c>-metadata.objects[].confidence</c> does.</summary>
public static class ImageSidecar
{
    public static byte[] Create(OutboxItem item, string imageUri)
    {
        var classMap = new JsonObject();
        foreach (var box in item.Boxes.DistinctBy(b => b.ClassId)) classMap[box.ClassId.ToString()] = box.Label;
        var json = new JsonObject
        {
            ["source-ref"] = imageUri,
            ["content-id"] = item.Id.Value,
            ["site"] = item.Source.Site,
            ["camera"] = item.Source.Camera,
            ["captured-at"] = item.Source.CapturedAt.ToString("O"),
            ["route"] = item.Kind.ToString().ToLowerInvariant(),
            ["model"] = new JsonObject { ["id"] = item.Model.Id, ["version"] = item.Model.Version, ["sha256"] = item.Model.Sha256 },
            ["pre-annotations"] = new JsonObject
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
            },
            ["pre-annotations-metadata"] = new JsonObject
            {
                ["objects"] = new JsonArray(item.Boxes.Select(b => (JsonNode)new JsonObject { ["confidence"] = Math.Round(b.Score, 4) }).ToArray()),
                ["class-map"] = classMap,
                ["thresholds"] = new JsonArray(item.Boxes.Select(b => (JsonNode)new JsonObject { ["accept"] = b.Accept, ["reject"] = b.Reject }).ToArray()),
                ["type"] = "groundtruth/object-detection",
                ["human-annotated"] = "no",
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }
}
