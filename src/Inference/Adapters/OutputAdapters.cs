using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Inference.Adapters;

/// <summary>The built-in adapters and name lookup; auto-detection tries them in this order.</summary>
public static class OutputAdapters
{
    /// <summary>Names accepted in configuration: blazeface, yolo, yolov5, yolov8, boxes-scores.</summary>
    public static IReadOnlyList<string> Names { get; } = ["blazeface", "yolo", "yolov5", "yolov8", "boxes-scores"];

    /// <summary>All adapters in auto-detection order (most specific layout first).</summary>
    public static IReadOnlyList<IOutputAdapter> All(BoxFormat boxFormat = BoxFormat.NormalizedXyxy, bool? backgroundClass = null) =>
        [new BlazeFaceAdapter(), new YoloAdapter(), new BoxesScoresAdapter(boxFormat, backgroundClass)];

    /// <summary>Adapter by configuration name (case-insensitive), or null if the name is unknown.</summary>
    public static IOutputAdapter? ByName(string name, BoxFormat boxFormat = BoxFormat.NormalizedXyxy, bool? backgroundClass = null) =>
        name.ToLowerInvariant() switch
        {
            "blazeface" => new BlazeFaceAdapter(),
            "yolo" => new YoloAdapter(),
            "yolov5" => new YoloAdapter(YoloVariant.V5),
            "yolov8" or "yolov11" => new YoloAdapter(YoloVariant.V8),
            "boxes-scores" or "boxesscores" or "ssd" => new BoxesScoresAdapter(boxFormat, backgroundClass),
            _ => null,
        };

    /// <summary>First adapter whose layout matches, or null.</summary>
    public static IOutputAdapter? Detect(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs,
        BoxFormat boxFormat = BoxFormat.NormalizedXyxy, bool? backgroundClass = null) =>
        All(boxFormat, backgroundClass).FirstOrDefault(a => a.Matches(inputs, outputs));
}
