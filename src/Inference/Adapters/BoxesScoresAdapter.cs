using EdgeLabel.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Inference.Adapters;

/// <summary>Decodes models that already output boxes [1,N,4] and per-class scores [1,N,C] (SSD, UltraFace, RetinaFace exports).</summary>
/// <param name="format">Box coordinate convention.</param>
/// <param name="backgroundClass">
/// Whether score column 0 is "background" (skipped, and class ids shift down by one). Null = auto: true exactly
/// when there are 2 score columns, the UltraFace (background, face) case.
/// </param>
public sealed class BoxesScoresAdapter(BoxFormat format = BoxFormat.NormalizedXyxy, bool? backgroundClass = null) : IOutputAdapter
{
    public BoxFormat Format { get; } = format;

    public bool? BackgroundClass { get; } = backgroundClass;

    public string Name => "boxes-scores";

    public string ExpectedLayout =>
        "boxes-scores: one image input float[B,3,H,W] or float[B,H,W,3]; outputs boxes float[B,N,4] + scores float[B,N,C] " +
        $"(box format {Format}, optional background class 0)";

    public float DefaultNmsIoU => 0.45f;

    public bool Matches(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        if (ShapeText.ImageInput(inputs) is not { } input || ShapeText.ChannelAxis(input.Value) < 0) return false;
        if (outputs.Count != 2 || !outputs.Values.All(ShapeText.IsFloatTensor)) return false;
        return Split(outputs.ToDictionary(kv => kv.Key, kv => kv.Value.Dimensions)) is not null;
    }

    /// <summary>UltraFace's training normalisation ((p − 127) / 128, RGB) and stretch resize; override per model.</summary>
    public InputSpec DefaultInput(NodeMetadata imageInput)
    {
        var (w, h) = ShapeText.SpatialSize(imageInput, 320);
        var layout = ShapeText.ChannelAxis(imageInput) == 3 ? TensorLayout.Nhwc : TensorLayout.Nchw;
        return new InputSpec(w, h, layout, ChannelOrder.Rgb, [127f, 127f, 127f], [1 / 128f, 1 / 128f, 1 / 128f], ResizeMode.Stretch);
    }

    public IReadOnlyList<string> DefaultClassNames(IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var split = Split(outputs.ToDictionary(kv => kv.Key, kv => kv.Value.Dimensions));
        int columns = split is { } s ? outputs[s.Scores].Dimensions[2] : 0;
        bool background = HasBackground(columns);
        int classes = Math.Max(0, columns - (background ? 1 : 0));
        return columns == 2 && background ? ["face"] : Enumerable.Range(0, classes).Select(i => $"class{i}").ToArray();
    }

    public IReadOnlyList<Detection> Decode(IReadOnlyDictionary<string, OutputTensor> outputs, ImageTransform transform, DecodeSettings settings)
    {
        var (boxesName, scoresName) = Split(outputs.ToDictionary(kv => kv.Key, kv => kv.Value.Dimensions))
            ?? throw new InvalidOperationException("Outputs are not boxes [1,N,4] + scores [1,N,C].");
        var boxes = outputs[boxesName].Data.Span;
        var scores = outputs[scoresName].Data.Span;
        int n = outputs[boxesName].Dimensions[1];
        int columns = outputs[scoresName].Dimensions[2];
        int first = HasBackground(columns) ? 1 : 0;
        float sx = Format == BoxFormat.PixelXyxy ? 1 : settings.Input.Width;
        float sy = Format == BoxFormat.PixelXyxy ? 1 : settings.Input.Height;

        var candidates = new List<Detection>();
        for (int i = 0; i < n; i++)
        {
            var b = boxes.Slice(i * 4, 4);
            var (x1, y1, x2, y2) = Format == BoxFormat.NormalizedYxyx ? (b[1], b[0], b[3], b[2]) : (b[0], b[1], b[2], b[3]);
            var box = new PixelBox(x1 * sx, y1 * sy, (x2 - x1) * sx, (y2 - y1) * sy);
            if (!(box.Width > 0 && box.Height > 0)) continue;
            // Every class above the threshold is a candidate (SSD semantics); NMS then works per class.
            for (int c = first; c < columns; c++)
            {
                float s = scores[i * columns + c];
                if (s >= settings.MinScore) candidates.Add(new Detection(c - first, s, box));
            }
        }

        var kept = Nms.Hard(candidates, settings.NmsIoU, classWise: true, settings.MaxDetections);
        return BoxMath.ToSource(kept, transform);
    }

    private bool HasBackground(int columns) => BackgroundClass ?? columns == 2;

    /// <summary>Finds which output holds boxes and which holds scores; both must agree on N.</summary>
    private static (string Boxes, string Scores)? Split(IReadOnlyDictionary<string, int[]> outputs)
    {
        if (outputs.Count != 2 || outputs.Values.Any(d => d.Length != 3)) return null;
        var list = outputs.ToList();
        var (a, b) = (list[0], list[1]);
        if (a.Value[1] != b.Value[1]) return null;
        bool aBoxes = a.Value[2] == 4, bBoxes = b.Value[2] == 4;
        if (aBoxes && bBoxes)
        {
            // Both [1,N,4] (a 4-class model): only the names can tell.
            if (a.Key.Contains("box", StringComparison.OrdinalIgnoreCase)) return (a.Key, b.Key);
            if (b.Key.Contains("box", StringComparison.OrdinalIgnoreCase)) return (b.Key, a.Key);
            return null;
        }
        if (aBoxes && b.Value[2] >= 1) return (a.Key, b.Key);
        if (bBoxes && a.Value[2] >= 1) return (b.Key, a.Key);
        return null;
    }
}
