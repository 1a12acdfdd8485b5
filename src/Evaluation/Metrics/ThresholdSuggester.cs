using System.Globalization;

namespace EdgeLabel.Evaluation.Metrics;

/// <summary>Suggests an accept/reject pair: the fewest images to humans that still meets a precision target.</summary>
/// <remarks>
/// The rule, in two steps:
/// <list type="number">
/// <item>Reject: the highest grid value at which the boxes kept (score ≥ reject, all images) still reach
/// <c>recallKeep</c> (default 0.98) × the recall of everything the detector reported. Raising reject turns uncertain
/// boxes into noise (fewer reviews), and this stops before it throws away real objects.</item>
/// <item>Accept: the lowest sweep value whose auto-label precision (boxes ≥ accept on images the router auto-labels,
/// with reject = min(reject, accept)) reaches the target. A lower accept makes fewer boxes uncertain, so fewer images
/// go to humans. A pair with no auto-labelled box has no precision and never qualifies.</item>
/// </list>
/// </remarks>
public static class ThresholdSuggester
{
    public static ThresholdSuggestion Suggest(RoutingEvaluator evaluator, IReadOnlyList<float> accepts,
        IReadOnlyList<float> rejects, double targetPrecision, double recallKeep = 0.98)
    {
        var reasons = new List<string>();
        var reject = SuggestReject(evaluator, rejects, recallKeep, reasons);

        ThresholdRow? best = null;
        ThresholdRow? closest = null;
        foreach (var accept in accepts.Order())
        {
            var row = evaluator.Evaluate(accept, Math.Min(reject, accept));
            if (row.AutoLabelled.Precision >= targetPrecision)
            {
                best = row;
                break;
            }
            if (row.AutoLabelled.Precision is { } p && !(closest?.AutoLabelled.Precision >= p)) closest = row;
        }

        if (best is null)
        {
            reasons.Insert(0, closest is null
                ? $"no accept threshold in {Range(accepts)} auto-labels any box, so none can be shown to reach precision {F(targetPrecision)}"
                : $"no accept threshold in {Range(accepts)} reaches auto-label precision {F(targetPrecision)}; the best is " +
                  $"{F(closest.AutoLabelled.Precision)} at accept {F(closest.Accept)}: a human should review every image");
            return new ThresholdSuggestion(targetPrecision, recallKeep, reject, null, reasons);
        }

        var lower = accepts.Where(a => a < best.Accept).Order().ToList();
        var why = lower.Count == 0
            ? "the lowest accept in the sweep"
            : $"the lowest accept whose auto-label precision reaches it (at {F(lower[^1])}: " +
              $"{F(evaluator.Evaluate(lower[^1], Math.Min(reject, lower[^1])).AutoLabelled.Precision)})";
        reasons.Insert(0, $"accept {F(best.Accept)}: auto-label precision {F(best.AutoLabelled.Precision)} " +
                          $"({best.AutoLabelled.TruePositives} of {best.AutoLabelled.TruePositives + best.AutoLabelled.FalsePositives} boxes) " +
                          $"≥ target {F(targetPrecision)}, {why}; {best.ImagesToHumans} of {best.Images} images " +
                          $"({F(Math.Round(best.ShareToHumans * 100))}%) go to humans");
        if (reject > best.Accept)
            reasons.Add($"reject capped at accept {F(best.Accept)}: no uncertain band, every kept box is a label");
        var accepted = best.AutoLabelled.TruePositives + best.AutoLabelled.FalsePositives;
        var bound = WilsonLowerBound(best.AutoLabelled.TruePositives, accepted);
        if (bound < targetPrecision)
            reasons.Add($"caution: {accepted} boxes are few; the 95% lower confidence bound of that precision is {F(bound)}, " +
                        "below the target; confirm on more images (or with the audit share) before relying on it");
        return new ThresholdSuggestion(targetPrecision, recallKeep, reject, best, reasons);
    }

    private static float SuggestReject(RoutingEvaluator evaluator, IReadOnlyList<float> rejects, double recallKeep, List<string> reasons)
    {
        var ordered = rejects.Order().ToList();
        var reachable = evaluator.CountAtOrAbove(0).Recall;
        if (reachable is null or 0)
        {
            reasons.Add($"reject {F(ordered[0])}: nothing in the truth was found at any score, so the lowest reject is kept");
            return ordered[0];
        }
        var floor = recallKeep * reachable.Value;
        var chosen = ordered[0];
        double? chosenRecall = evaluator.CountAtOrAbove(chosen).Recall;
        foreach (var r in ordered)
        {
            var recall = evaluator.CountAtOrAbove(r).Recall;
            if (recall >= floor)
            {
                chosen = r;
                chosenRecall = recall;
            }
        }
        reasons.Add($"reject {F(chosen)}: the highest reject whose kept boxes still find {F(chosenRecall)} of the truth, " +
                    $"≥ {F(recallKeep)} × {F(reachable)} (all detections); a higher reject would discard real objects as noise");
        return chosen;
    }

    /// <summary>Lower end of the Wilson score interval (95%) for a proportion: how low precision could plausibly be.</summary>
    internal static double WilsonLowerBound(int successes, int trials)
    {
        if (trials == 0) return 0;
        const double z = 1.959964;
        var p = (double)successes / trials;
        var z2n = z * z / trials;
        return (p + z2n / 2 - z * Math.Sqrt(p * (1 - p) / trials + z2n / (4 * trials))) / (1 + z2n);
    }

    private static string Range(IReadOnlyList<float> values) => $"{F(values.Min())}–{F(values.Max())}";

    internal static string F(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";
}
