namespace EdgeLabel.Evaluation.Metrics;

/// <summary>How detections are matched to truth boxes.</summary>
/// <param name="IoUThreshold">Minimum intersection-over-union for a match (a match at exactly the threshold counts).</param>
/// <param name="Classes">Class rule, already resolved (not <see cref="ClassMatching.Auto"/>).</param>
public sealed record MatchOptions(double IoUThreshold = 0.5, ClassMatching Classes = ClassMatching.SingleClass)
{
    public static MatchOptions Validated(double iouThreshold, ClassMatching classes)
    {
        if (iouThreshold is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(iouThreshold), iouThreshold, "IoU threshold must be within (0,1]");
        if (classes == ClassMatching.Auto)
            throw new ArgumentException("resolve ClassMatching.Auto against the truth set first", nameof(classes));
        return new MatchOptions(iouThreshold, classes);
    }
}
