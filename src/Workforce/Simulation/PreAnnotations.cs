using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeLabel.Workforce.Api;

namespace EdgeLabel.Workforce.Simulation;

/// <summary>Reads a task's pre-annotations as boxes with label names, in either shape the service passes through:
/// EdgeLabel's list (<c>[{label, class_id, left, top, width, height, score}]</c>) or Ground Truth's bounding-box label
/// (<c>{annotations:[{class_id, left, top, width, height}], image_size:[...]}</c>). A class id names
/// <c>labels[class_id]</c> when the box has no label; entries that are not boxes are skipped.</summary>
public static class PreAnnotations
{
    public static IReadOnlyList<AnswerBox> Read(JsonNode? node, IReadOnlyList<string> labels)
    {
        var items = node switch
        {
            JsonArray array => array,
            JsonObject obj when obj["annotations"] is JsonArray annotations => annotations,
            _ => null,
        };
        if (items is null) return [];
        var boxes = new List<AnswerBox>(items.Count);
        foreach (var item in items)
        {
            if (item is not JsonObject box) continue;
            if (!TryNumber(box, "left", out var left) || !TryNumber(box, "top", out var top) ||
                !TryNumber(box, "width", out var width) || !TryNumber(box, "height", out var height))
                continue;
            if (Label(box, labels) is not { } label) continue;
            boxes.Add(new AnswerBox(label, left, top, width, height));
        }
        return boxes;
    }

    private static string? Label(JsonObject box, IReadOnlyList<string> labels)
    {
        if (box["label"] is JsonValue l && l.GetValueKind() == JsonValueKind.String) return l.Deserialize<string>();
        if (TryNumber(box, "class_id", out var id) && id == Math.Floor(id) && id >= 0 && id < labels.Count) return labels[(int)id];
        return null;
    }

    private static bool TryNumber(JsonObject obj, string name, out double value)
    {
        value = 0;
        if (obj[name] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        value = v.Deserialize<double>();
        return double.IsFinite(value);
    }
}
