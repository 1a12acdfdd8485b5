using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Inference.Adapters;

/// <summary>Small helpers for reading and printing ONNX node shapes.</summary>
public static class ShapeText
{
    /// <summary>"name float[1,3,640,640]" style description; -1 for symbolic dims printed by name.</summary>
    public static string Describe(string name, NodeMetadata node)
    {
        if (!node.IsTensor) return $"{name} {node.OnnxValueType}";
        var dims = node.Dimensions.Select((d, i) => d >= 0 ? d.ToString()
            : node.SymbolicDimensions is { } s && i < s.Length && !string.IsNullOrEmpty(s[i]) ? s[i] : "?");
        return $"{name} {node.ElementDataType.ToString().ToLowerInvariant()}[{string.Join(',', dims)}]";
    }

    public static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(kv => Describe(kv.Key, kv.Value)));

    internal static bool IsFloatTensor(NodeMetadata node) =>
        node.IsTensor && node.ElementType == typeof(float);

    /// <summary>The single float image input of rank 4, or null.</summary>
    internal static KeyValuePair<string, NodeMetadata>? ImageInput(IReadOnlyDictionary<string, NodeMetadata> inputs)
    {
        if (inputs.Count != 1) return null;
        var kv = inputs.First();
        return IsFloatTensor(kv.Value) && kv.Value.Dimensions.Length == 4 ? kv : null;
    }

    /// <summary>Channel axis of a rank-4 image input: 1 for NCHW, 3 for NHWC, -1 if it is not obvious.</summary>
    internal static int ChannelAxis(NodeMetadata input)
    {
        var d = input.Dimensions;
        if (d.Length != 4) return -1;
        if (d[1] == 3 && d[3] != 3) return 1;
        if (d[3] == 3 && d[1] != 3) return 3;
        if (d[1] == 3) return 1;
        return -1;
    }

    /// <summary>Spatial size (width, height) of an image input; dynamic dims fall back to <paramref name="fallback"/>.</summary>
    internal static (int Width, int Height) SpatialSize(NodeMetadata input, int fallback)
    {
        var d = input.Dimensions;
        bool nchw = ChannelAxis(input) != 3;
        int h = nchw ? d[2] : d[1], w = nchw ? d[3] : d[2];
        return (w > 0 ? w : fallback, h > 0 ? h : fallback);
    }
}
