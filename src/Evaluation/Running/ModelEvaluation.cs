using EdgeLabel.Evaluation.Reporting;

namespace EdgeLabel.Evaluation.Running;

/// <summary>The `eval` command's entry point: loads the ONNX model named by the options and evaluates it.</summary>
public static class ModelEvaluation
{
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    /// <exception cref="EdgeLabel.Inference.Models.ModelLoadException">The model cannot be loaded.</exception>
    /// <exception cref="InvalidDataException">A truth file cannot be read at all (single bad records are only reported).</exception>
    public static async Task<EvaluationReport> RunAsync(EvaluationOptions options, IProgress<(int done, int total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validated();
        using var detector = OnnxImageDetector.Load(options);
        return await new EvaluationRunner(detector).RunAsync(options, progress, cancellationToken);
    }
}
