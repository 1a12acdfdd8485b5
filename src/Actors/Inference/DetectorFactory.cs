using EdgeLabel.Actors.Configuration;
using EdgeLabel.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Actors.Inference;

/// <summary>Builds the node's one ONNX session from <see cref="ModelSettings"/>.</summary>
public static class DetectorFactory
{
    public static OnnxImageDetector Create(ModelSettings model) =>
        new(OnnxDetector.Load(Options(model)), model.MaxPixels);

    public static DetectorOptions Options(ModelSettings model) => new()
    {
        ModelPath = model.Path,
        ModelId = model.Id,
        Version = model.Version,
        Adapter = model.Adapter,
        ClassNames = model.ClassNames.Count > 0 ? model.ClassNames : null,
        MinScore = model.MinScore,
        NmsIoU = model.NmsIoU,
        IntraOpThreads = model.IntraOpThreads,
        InterOpThreads = model.InterOpThreads,
        AllowSpinning = model.AllowSpinning,
        GraphOptimizationLevel = model.GraphOptimization switch
        {
            "disabled" => GraphOptimizationLevel.ORT_DISABLE_ALL,
            "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
            "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
        },
    };
}
