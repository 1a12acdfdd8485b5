using EdgeLabel.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Inference.Adapters;

/// <summary>Knows one family of detector output layouts: recognises it, says how to feed it, and decodes boxes.</summary>
public interface IOutputAdapter
{
    /// <summary>Configuration name, e.g. "blazeface", "yolo", "boxes-scores".</summary>
    string Name { get; }

    /// <summary>Human-readable description of the accepted input/output shapes, quoted in load errors.</summary>
    string ExpectedLayout { get; }

    /// <summary>NMS overlap used when the detector options do not set one.</summary>
    float DefaultNmsIoU { get; }

    /// <summary>True when the model's inputs and outputs have a layout this adapter decodes.</summary>
    bool Matches(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs);

    /// <summary>The preprocessing this model family was trained with, sized from the model's image input.</summary>
    InputSpec DefaultInput(NodeMetadata imageInput);

    /// <summary>Default class names when neither options nor model metadata provide any.</summary>
    IReadOnlyList<string> DefaultClassNames(IReadOnlyDictionary<string, NodeMetadata> outputs);

    /// <summary>
    /// Decodes the outputs of one batch item into detections in SOURCE pixels (via <paramref name="transform"/>),
    /// clipped to the source image, score-descending, after NMS.
    /// </summary>
    IReadOnlyList<Detection> Decode(IReadOnlyDictionary<string, OutputTensor> outputs, ImageTransform transform, DecodeSettings settings);
}
