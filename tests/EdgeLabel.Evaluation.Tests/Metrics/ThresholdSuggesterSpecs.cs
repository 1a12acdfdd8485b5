using EdgeLabel.Evaluation.Metrics;
using static EdgeLabel.Evaluation.Tests.Metrics.Synthetic;

namespace EdgeLabel.Evaluation.Tests.Metrics;

public class ThresholdSuggesterSpecs
{
    private static readonly MatchOptions Match = new(0.5, ClassMatching.SingleClass);

    // Ten images with one face each, found at 0.9, and a second face on img0 found only at 0.25 (11 faces).
    // False positives at 0.55 on img0 and img1, at 0.65 on img2. With reject 0.25 the auto-labelled images are
    // accept 0.5: img1..9 → 9 TP / 2 FP = 0.818; 0.6: img2..9 → 8/1 = 0.889; 0.7: img3..9 → 7/0 = 1.0.
    // Recall of kept boxes is 11/11 for reject ≤ 0.25 and 10/11 = 0.909 above.
    private static EvaluatedImage[] Build()
    {
        var images = new List<EvaluatedImage>();
        for (var i = 0; i < 10; i++)
        {
            var detections = new List<EdgeLabel.Inference.Detection> { At(0, 0.9f) };
            if (i < 2) detections.Add(At(5, 0.55f));
            if (i == 2) detections.Add(At(6, 0.65f));
            if (i == 0) detections.Add(At(1, 0.25f));
            images.Add(Image($"img{i}", i == 0 ? [Face(0), Face(1)] : [Face(0)], [.. detections]));
        }
        return [.. images];
    }

    [Fact]
    public void The_lowest_accept_that_reaches_the_target_is_suggested()
    {
        var evaluator = new RoutingEvaluator(Build(), Match);
        var accepts = ThresholdGrid.Steps(0.5, 0.9, 0.1);

        var suggestion = ThresholdSuggester.Suggest(evaluator, accepts, ThresholdGrid.DefaultRejects, targetPrecision: 0.95);

        Assert.NotNull(suggestion.Row);
        Assert.Equal(0.7f, suggestion.Row.Accept);
        Assert.Equal(1.0, suggestion.Row.AutoLabelled.Precision);
        // Only 0.05…0.25 keep the 0.25 face: with recall 11/11 reachable, 0.98 × 1 needs all of it.
        Assert.Equal(0.25f, suggestion.Reject);
        Assert.Equal(0.25f, suggestion.Row.Reject);
        Assert.Contains(suggestion.Reasons, r => r.StartsWith("accept 0.7:"));
        Assert.Contains(suggestion.Reasons, r => r.StartsWith("reject 0.25:"));
        // 7 of 7 is perfect but thin evidence: the Wilson 95% lower bound is 0.646.
        Assert.Contains(suggestion.Reasons, r => r.StartsWith("caution: 7 boxes") && r.Contains("0.646"));
    }

    [Fact]
    public void A_looser_target_gives_a_lower_accept_and_fewer_images_to_humans()
    {
        var evaluator = new RoutingEvaluator(Build(), Match);
        var accepts = ThresholdGrid.Steps(0.5, 0.9, 0.1);

        var strict = ThresholdSuggester.Suggest(evaluator, accepts, ThresholdGrid.DefaultRejects, 0.95);
        var loose = ThresholdSuggester.Suggest(evaluator, accepts, ThresholdGrid.DefaultRejects, 0.85);

        Assert.Equal(0.6f, loose.Row!.Accept);
        Assert.True(loose.Row.ImagesToHumans < strict.Row!.ImagesToHumans);
    }

    [Fact]
    public void A_recall_keep_below_one_allows_a_higher_reject()
    {
        var evaluator = new RoutingEvaluator(Build(), Match);

        var suggestion = ThresholdSuggester.Suggest(evaluator, [0.7f], ThresholdGrid.DefaultRejects, 0.95, recallKeep: 0.9);

        // Dropping the 0.25 face keeps 10/11 = 0.909 ≥ 0.9 × 1, and every reject up to 0.9 keeps the 0.9 faces.
        Assert.Equal(0.9f, suggestion.Reject);
        Assert.Equal(0.7f, suggestion.Row!.Reject);
        Assert.Equal(0, suggestion.Row.ImagesToHumans);
    }

    [Fact]
    public void An_unreachable_target_gives_no_pair_and_says_why()
    {
        var evaluator = new RoutingEvaluator(Build(), Match);

        var suggestion = ThresholdSuggester.Suggest(evaluator, [0.5f, 0.6f], ThresholdGrid.DefaultRejects, 0.99);

        Assert.Null(suggestion.Row);
        Assert.Contains("no accept threshold", suggestion.Reasons[0]);
        Assert.Contains("0.889", suggestion.Reasons[0]);
    }
}
