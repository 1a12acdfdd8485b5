using EdgeLabel.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Inference.Adapters;

/// <summary>Decodes Ultralytics YOLO v5 / v8 / v11 ONNX exports (boxes in input pixels, class-wise NMS).</summary>
/// <remarks>
/// Input is NCHW RGB / 255. We letterbox with padding at the right/bottom (grey 114) in BOTH pre- and
/// post-processing; YOLO is translation-invariant so this matches Ultralytics' centred pad up to border effects.
/// Set <see cref="InputSpec.Padding"/> to <see cref="PadPosition.Center"/> for bit-exact parity with Ultralytics.
/// </remarks>
public sealed class YoloAdapter(YoloVariant variant = YoloVariant.Auto) : IOutputAdapter
{
    public YoloVariant Variant { get; } = variant;

    public string Name => Variant switch { YoloVariant.V5 => "yolov5", YoloVariant.V8 => "yolov8", _ => "yolo" };

    public string ExpectedLayout =>
        "yolo: input float[B,3,H,W] (NCHW) and one output float[B,4+C,N] (v8/v11: cx,cy,w,h,C scores) " +
        "or float[B,N,5+C] (v5: cx,cy,w,h,objectness,C scores)";

    public float DefaultNmsIoU => 0.45f;

    public bool Matches(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        if (ShapeText.ImageInput(inputs) is not { } input || ShapeText.ChannelAxis(input.Value) != 1) return false;
        if (outputs.Count != 1 || !ShapeText.IsFloatTensor(outputs.First().Value)) return false;
        return Resolve(outputs.First().Value.Dimensions) != YoloVariant.Auto;
    }

    public InputSpec DefaultInput(NodeMetadata imageInput)
    {
        var (w, h) = ShapeText.SpatialSize(imageInput, 640);
        return new InputSpec(w, h, TensorLayout.Nchw, ChannelOrder.Rgb, [0f, 0f, 0f],
            [1 / 255f, 1 / 255f, 1 / 255f], ResizeMode.Letterbox) { PadPixel = 114 };
    }

    public IReadOnlyList<string> DefaultClassNames(IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var dims = outputs.First().Value.Dimensions;
        int classes = Resolve(dims) == YoloVariant.V8 ? dims[1] - 4 : dims[2] - 5;
        return Enumerable.Range(0, Math.Max(0, classes)).Select(i => $"class{i}").ToArray();
    }

    public IReadOnlyList<Detection> Decode(IReadOnlyDictionary<string, OutputTensor> outputs, ImageTransform transform, DecodeSettings settings)
    {
        var output = outputs.Values.First();
        var dims = output.Dimensions;
        var data = output.Data.Span;
        var layout = Resolve(dims);
        var candidates = new List<Detection>();

        if (layout == YoloVariant.V8)
        {
            // Attribute-major: value(attribute a, box i) = data[a*N + i].
            int attrs = dims[1], n = dims[2], classes = attrs - 4;
            for (int i = 0; i < n; i++)
            {
                int best = -1;
                float bestScore = settings.MinScore;
                for (int c = 0; c < classes; c++)
                {
                    float s = data[(4 + c) * n + i];
                    if (s >= bestScore) { bestScore = s; best = c; }
                }
                if (best < 0) continue;
                Add(candidates, data[i], data[n + i], data[2 * n + i], data[3 * n + i], best, bestScore);
            }
        }
        else
        {
            // Box-major: row i = cx,cy,w,h,objectness,C scores.
            int n = dims[1], attrs = dims[2], classes = attrs - 5;
            for (int i = 0; i < n; i++)
            {
                var row = data.Slice(i * attrs, attrs);
                float obj = row[4];
                if (obj < settings.MinScore) continue; // obj × cls ≤ obj, so nothing below can pass
                int best = -1;
                float bestScore = settings.MinScore;
                for (int c = 0; c < classes; c++)
                {
                    float s = obj * row[5 + c];
                    if (s >= bestScore) { bestScore = s; best = c; }
                }
                if (best < 0) continue;
                Add(candidates, row[0], row[1], row[2], row[3], best, bestScore);
            }
        }

        var kept = Nms.Hard(candidates, settings.NmsIoU, classWise: true, settings.MaxDetections);
        return BoxMath.ToSource(kept, transform);
    }

    private static void Add(List<Detection> into, float cx, float cy, float w, float h, int classId, float score)
    {
        if (!(w > 0 && h > 0)) return;
        into.Add(new Detection(classId, score, new PixelBox(cx - w / 2, cy - h / 2, w, h)));
    }

    private YoloVariant Resolve(int[] dims)
    {
        if (dims is not [_, var a, var b]) return YoloVariant.Auto;
        return Variant switch
        {
            YoloVariant.V8 => a > 4 ? YoloVariant.V8 : YoloVariant.Auto,
            YoloVariant.V5 => b > 5 ? YoloVariant.V5 : YoloVariant.Auto,
            // Exports have far more candidate boxes than attributes, so the short axis holds the attributes.
            _ when a > 4 && (b < 0 || a < b) => YoloVariant.V8,
            _ when b > 5 && (a < 0 || b < a) => YoloVariant.V5,
            _ => YoloVariant.Auto,
        };
    }
}
