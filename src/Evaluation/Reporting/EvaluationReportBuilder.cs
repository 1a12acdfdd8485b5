using EdgeLabel.Evaluation.Metrics;
using EdgeLabel.Evaluation.Running;
using EdgeLabel.Evaluation.Truth;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Evaluation.Reporting;

/// <summary>Turns detections next to truth into a report: the sweep table and the suggestion. Pure, so it can be tested
/// with synthetic detections and no model.</summary>
public static class EvaluationReportBuilder
{
    public static EvaluationReport Build(ModelIdentity model, EvaluationOptions options, GroundTruthSet truth,
        IReadOnlyList<EvaluatedImage> evaluated, IReadOnlyList<SkippedImage> skipped, int imagesWithoutTruth = 0)
    {
        var classes = ClassMatchingRule.Resolve(options.Classes, truth);
        var match = MatchOptions.Validated(options.IoUThreshold, classes);
        var evaluator = new RoutingEvaluator(evaluated, match, options.WhenEmpty);

        var accepts = ThresholdGrid.With(options.AcceptSweep, options.Accept);
        var rejects = ThresholdGrid.With(options.RejectCandidates, options.Reject);
        var suggestion = ThresholdSuggester.Suggest(evaluator, accepts, rejects, options.TargetPrecision, options.RecallKeep);
        var reject = options.Reject ?? suggestion.Reject;
        var rows = accepts.Select(a => evaluator.Evaluate(a, Math.Min(reject, a))).ToList();

        var settings = new EvaluationSettings(options.IoUThreshold, classes, ClassMatchingRule.Describe(classes, truth),
            options.WhenEmpty, options.Accept, options.Reject, options.TargetPrecision);
        var dataset = new DatasetSummary(
            truth.Sources,
            truth.Images.Count,
            evaluated.Count,
            evaluated.Sum(e => e.Truth.CountedBoxes),
            evaluated.Sum(e => e.Truth.Boxes.Count - e.Truth.CountedBoxes),
            evaluated.Sum(e => e.Detections.Count),
            imagesWithoutTruth,
            skipped,
            truth.Issues);
        return new EvaluationReport(model, settings, dataset, rows, suggestion);
    }
}
