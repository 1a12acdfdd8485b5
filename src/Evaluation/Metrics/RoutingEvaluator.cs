using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Evaluation.Metrics;

/// <summary>Replays the production router (<see cref="RoutingPolicy"/>) over evaluated images for a threshold pair
/// and scores the labels that would result.</summary>
public sealed class RoutingEvaluator(IReadOnlyList<EvaluatedImage> images, MatchOptions match,
    EmptyImagePolicy whenEmpty = EmptyImagePolicy.LabelEmpty)
{
    public IReadOnlyList<EvaluatedImage> Images => images;
    public MatchOptions Match => match;

    public ThresholdRow Evaluate(float accept, float reject)
    {
        // Audit share 0: audit draws are random by design and would only blur the share the thresholds cause.
        var policy = RoutingPolicy.Simple(accept, Math.Min(reject, accept), auditShare: 0, whenEmpty: whenEmpty);
        var toHumans = 0;
        MatchCounts auto = MatchCounts.Zero, all = MatchCounts.Zero, hybrid = MatchCounts.Zero;
        foreach (var image in images)
        {
            var decision = policy.Route(image.Truth.FileName, image.Detections);
            var accepted = image.Detections.Where(d => d.Score >= policy.For(d.ClassId).Accept).ToList();
            var counts = BoxMatcher.Count(image.Truth.Boxes, accepted, match);
            all += counts;
            if (decision.Kind == RouteKind.AutoLabel)
            {
                auto += counts;
                hybrid += counts;
            }
            else
            {
                toHumans++;
                hybrid += new MatchCounts(image.Truth.CountedBoxes, 0, 0);
            }
        }
        return new ThresholdRow(accept, policy.Default.Reject, images.Count, toHumans, auto, all, hybrid);
    }

    /// <summary>Detector precision/recall over all images for boxes at or above <paramref name="threshold"/>,
    /// regardless of routing; threshold 0 keeps everything the detector reported.</summary>
    public MatchCounts CountAtOrAbove(float threshold)
    {
        var total = MatchCounts.Zero;
        foreach (var image in images)
            total += BoxMatcher.Count(image.Truth.Boxes, image.Detections.Where(d => d.Score >= threshold), match);
        return total;
    }
}
