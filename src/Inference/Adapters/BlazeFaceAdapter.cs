using EdgeLabel.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Inference.Adapters;

/// <summary>Decodes MediaPipe BlazeFace (front-128 / back-256) anchor outputs into face boxes.</summary>
/// <remarks>
/// Outputs come in (scores [1,N,1], regressors [1,N,16]) pairs, one per anchor layer, paired by N: a layer of
/// c×c cells with 2 anchors (N = 2c²) and one with 6 anchors (N = 6c²); a single concatenated pair (N = 14c²,
/// 2c×2c×2 then c×c×6) is split the same way. Anchor i = (row·cells + col)·perCell + a, centre ((col+.5)/cells, (row+.5)/cells).
/// Regressors r0..r3 are centre offset and size in input pixels, top-left origin; keypoints r4..r15 are ignored.
/// </remarks>
public sealed class BlazeFaceAdapter : IOutputAdapter
{
    public string Name => "blazeface";

    public string ExpectedLayout =>
        "blazeface: input float[1,S,S,3] (NHWC); outputs in pairs scores float[1,N,1] + regressors float[1,N,16] " +
        "with N = 2c² (2 anchors per cell) and N = 6c² (6 per cell), or one concatenated pair with N = 14c²";

    public float DefaultNmsIoU => 0.3f;

    public bool Matches(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        if (ShapeText.ImageInput(inputs) is not { } input || ShapeText.ChannelAxis(input.Value) != 3) return false;
        var pairs = Pair(outputs.ToDictionary(kv => kv.Key, kv => kv.Value.Dimensions), out var unpaired);
        return pairs is { Count: > 0 } && unpaired == 0 && pairs.All(p => Layers(p.Anchors) is not null);
    }

    /// <summary>RGB scaled to [−1, 1]; letterboxed into the square with padding on the right/bottom.</summary>
    public InputSpec DefaultInput(NodeMetadata imageInput)
    {
        var (w, h) = ShapeText.SpatialSize(imageInput, 128);
        return new InputSpec(w, h, TensorLayout.Nhwc, ChannelOrder.Rgb, [127.5f, 127.5f, 127.5f],
            [1 / 127.5f, 1 / 127.5f, 1 / 127.5f], ResizeMode.Letterbox);
    }

    public IReadOnlyList<string> DefaultClassNames(IReadOnlyDictionary<string, NodeMetadata> outputs) => ["face"];

    public IReadOnlyList<Detection> Decode(IReadOnlyDictionary<string, OutputTensor> outputs, ImageTransform transform, DecodeSettings settings)
    {
        var pairs = Pair(outputs.ToDictionary(kv => kv.Key, kv => kv.Value.Dimensions), out _)
            ?? throw new InvalidOperationException("Outputs do not form BlazeFace score/regressor pairs.");
        float w = settings.Input.Width, h = settings.Input.Height;
        // Compare logits instead of scores: avoids exp() for the ~99% of anchors that are background.
        float minLogit = settings.MinScore <= 0 ? float.NegativeInfinity
            : settings.MinScore >= 1 ? float.PositiveInfinity
            : MathF.Log(settings.MinScore / (1 - settings.MinScore));

        var candidates = new List<Detection>();
        foreach (var pair in pairs)
        {
            var scores = outputs[pair.Scores].Data.Span;
            var boxes = outputs[pair.Boxes].Data.Span;
            int stride = pair.BoxValues;
            int anchor = 0;
            foreach (var (cells, perCell) in Layers(pair.Anchors)!)
            {
                for (int row = 0; row < cells; row++)
                for (int col = 0; col < cells; col++)
                for (int a = 0; a < perCell; a++, anchor++)
                {
                    float logit = Math.Clamp(scores[anchor], -100f, 100f);
                    if (!(logit >= minLogit)) continue; // also drops NaN
                    float score = 1f / (1f + MathF.Exp(-logit));
                    var r = boxes.Slice(anchor * stride, 4);
                    float cx = (col + 0.5f) / cells * w + r[0];
                    float cy = (row + 0.5f) / cells * h + r[1];
                    float bw = r[2], bh = r[3];
                    if (!(bw > 0 && bh > 0)) continue;
                    candidates.Add(new Detection(0, score, new PixelBox(cx - bw / 2, cy - bh / 2, bw, bh)));
                }
            }
        }

        var merged = Nms.Weighted(candidates, settings.NmsIoU, settings.MaxDetections);
        return BoxMath.ToSource(merged, transform);
    }

    private readonly record struct OutputPair(string Scores, string Boxes, int Anchors, int BoxValues);

    /// <summary>Pairs rank-3 [1,N,1] score outputs with [1,N,16] regressor outputs of the same N.</summary>
    private static List<OutputPair>? Pair(IReadOnlyDictionary<string, int[]> outputs, out int unpaired)
    {
        var scores = outputs.Where(kv => kv.Value is [_, > 0, 1]).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var boxes = outputs.Where(kv => kv.Value is [_, > 0, 16]).ToList();
        unpaired = outputs.Count - scores.Count - boxes.Count;
        if (scores.Count == 0 || scores.Count != boxes.Count) return null;
        var pairs = new List<OutputPair>();
        foreach (var s in scores)
        {
            int n = s.Value[1];
            var matching = boxes.Where(b => b.Value[1] == n).ToList();
            if (matching.Count != 1 || scores.Count(x => x.Value[1] == n) != 1) return null;
            pairs.Add(new OutputPair(s.Key, matching[0].Key, n, matching[0].Value[2]));
        }
        return pairs;
    }

    /// <summary>Anchor layers (cells per side, anchors per cell) that produce exactly <paramref name="anchors"/> anchors.</summary>
    private static (int Cells, int PerCell)[]? Layers(int anchors)
    {
        if (IsSquare(anchors, 2, out var c2)) return [(c2, 2)];
        if (IsSquare(anchors, 6, out var c6)) return [(c6, 6)];
        if (IsSquare(anchors, 14, out var c)) return [(2 * c, 2), (c, 6)];
        return null;
    }

    private static bool IsSquare(int n, int perCell, out int cells)
    {
        cells = 0;
        if (n % perCell != 0) return false;
        cells = (int)Math.Round(Math.Sqrt(n / perCell));
        return cells > 0 && cells * cells * perCell == n;
    }
}
