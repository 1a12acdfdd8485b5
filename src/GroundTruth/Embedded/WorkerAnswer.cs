using System.Text.Json;

namespace EdgeLabel.GroundTruth.Embedded;

/// <summary>One box a labeler drew, in image pixels, with its class name (the worker UI's <c>boundingBoxes[]</c> entry).</summary>
public sealed record AnsweredBox(string Label, double Left, double Top, double Width, double Height);

/// <summary>A labeler's answer to a bounding-box task: the <c>crowd-bounding-box</c> worker UI's output
/// (<c>{"boundingBox":{"boundingBoxes":[...],"inputImageProperties":{"width":w,"height":h}}}</c>).</summary>
public sealed record WorkerAnswer(IReadOnlyList<AnsweredBox> Boxes, int ImageWidth, int ImageHeight)
{
    public const int MaxBoxes = 500;

    /// <summary>Reads the worker-UI shape; the reason is safe to return to the labeler.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out WorkerAnswer answer, out string problem)
    {
        answer = new WorkerAnswer([], 0, 0);
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("boundingBox", out var bb) || bb.ValueKind != JsonValueKind.Object)
                return Fail("the answer needs a 'boundingBox' object", out problem);
            if (!bb.TryGetProperty("inputImageProperties", out var props) || props.ValueKind != JsonValueKind.Object ||
                !TryInt(props, "width", out var width) || !TryInt(props, "height", out var height))
                return Fail("boundingBox.inputImageProperties needs integer 'width' and 'height'", out problem);
            if (!bb.TryGetProperty("boundingBoxes", out var list) || list.ValueKind != JsonValueKind.Array)
                return Fail("boundingBox.boundingBoxes must be an array (empty when there is nothing to label)", out problem);
            if (list.GetArrayLength() > MaxBoxes)
                return Fail($"at most {MaxBoxes} boxes per answer", out problem);
            var boxes = new List<AnsweredBox>();
            foreach (var item in list.EnumerateArray())
            {
                var n = boxes.Count;
                if (item.ValueKind != JsonValueKind.Object)
                    return Fail($"box {n} is not an object", out problem);
                if (!item.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.String)
                    return Fail($"box {n} has no string 'label'", out problem);
                if (!TryNumber(item, "left", out var left) || !TryNumber(item, "top", out var top) ||
                    !TryNumber(item, "width", out var w) || !TryNumber(item, "height", out var h))
                    return Fail($"box {n} needs numeric 'left', 'top', 'width' and 'height'", out problem);
                boxes.Add(new AnsweredBox(label.GetString()!, left, top, w, h));
            }
            answer = new WorkerAnswer(boxes, width, height);
            problem = "";
            return true;
        }
        catch (JsonException e)
        {
            return Fail($"the answer is not valid JSON ({e.Message})", out problem);
        }
    }

    /// <summary>Why this answer cannot be accepted for an image of these categories (and, when known, this size), or null.</summary>
    public string? Problem(IReadOnlyList<string> categories, (int Width, int Height)? actualSize = null)
    {
        // Half a pixel of slack: browser UIs scale the image and round.
        const double slack = 0.5;
        if (ImageWidth <= 0 || ImageHeight <= 0)
            return $"inputImageProperties {ImageWidth}x{ImageHeight} must be positive";
        if (actualSize is { } size && (size.Width != ImageWidth || size.Height != ImageHeight))
            return $"inputImageProperties {ImageWidth}x{ImageHeight} do not match the image ({size.Width}x{size.Height})";
        if (Boxes.Count > MaxBoxes) return $"at most {MaxBoxes} boxes per answer";
        for (var i = 0; i < Boxes.Count; i++)
        {
            var b = Boxes[i];
            if (!categories.Contains(b.Label, StringComparer.Ordinal))
                return $"box {i}: unknown label '{Truncate(b.Label)}' (labels: {string.Join(", ", categories)})";
            if (!double.IsFinite(b.Left) || !double.IsFinite(b.Top) || !double.IsFinite(b.Width) || !double.IsFinite(b.Height))
                return $"box {i}: coordinates must be finite numbers";
            if (b.Width < 0 || b.Height < 0)
                return $"box {i}: negative size {b.Width}x{b.Height}";
            if (b.Width == 0 || b.Height == 0)
                return $"box {i}: empty box {b.Width}x{b.Height}";
            if (b.Left < -slack || b.Top < -slack || b.Left + b.Width > ImageWidth + slack || b.Top + b.Height > ImageHeight + slack)
                return $"box {i}: ({b.Left}, {b.Top}, {b.Width}x{b.Height}) lies outside the {ImageWidth}x{ImageHeight} image";
        }
        return null;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static bool Fail(string reason, out string problem)
    {
        problem = reason;
        return false;
    }

    private static bool TryInt(JsonElement obj, string name, out int value)
    {
        value = 0;
        return obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out value);
    }

    private static bool TryNumber(JsonElement obj, string name, out double value)
    {
        value = 0;
        return obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out value);
    }
}
