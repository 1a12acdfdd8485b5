using System.CommandLine;
using EdgeLabel.Evaluation.Reporting;
using EdgeLabel.Evaluation.Running;
using EdgeLabel.Terminal;

namespace EdgeLabel.EdgeNode.Commands;

/// <summary><c>eval</c>: precision/recall of auto-accepted boxes against ground truth, per threshold, and a
/// suggested accept/reject pair for a target precision.</summary>
public static class EvalCommand
{
    private const string DefaultModel = ".cache/models/blazeface-back-256.onnx";

    public static Command Create()
    {
        var images = new Option<string>("--images") { Description = "Folder with the images", Required = true };
        var truth = new Option<string[]>("--truth") { Description = "Truth file(s): dlib XML, COCO JSON or Ground Truth output manifest (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var model = new Option<string>("--model") { Description = "ONNX model", DefaultValueFactory = _ => DefaultModel };
        var accept = new Option<float?>("--accept") { Description = "Your accept threshold (marked in the table)" };
        var reject = new Option<float?>("--reject") { Description = "Your reject threshold for every row" };
        var target = new Option<double>("--target-precision") { Description = "Auto-label precision the suggestion must reach", DefaultValueFactory = _ => 0.95 };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file" };

        var command = new Command("eval", "Compare the detector's decisions with ground truth") { images, truth, model, accept, reject, target, json };
        command.SetAction(async (r, ct) =>
        {
            var options = new EvaluationOptions(r.GetValue(images)!, r.GetValue(truth)!)
            {
                ModelPath = r.GetValue(model),
                Accept = r.GetValue(accept),
                Reject = r.GetValue(reject),
                TargetPrecision = r.GetValue(target),
            };
            try
            {
                options.Validated();
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }

            var bar = ProgressBar.OnStandardError("eval", "images");
            var report = await ModelEvaluation.RunAsync(options, bar, ct);
            bar.Complete();
            EvaluationReportWriter.WriteTable(report, Console.Out);
            if (r.GetValue(json) is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await using var file = File.Create(path);
                await EvaluationReportWriter.WriteJsonAsync(report, file, ct);
            }
            return 0;
        });
        return command;
    }
}
