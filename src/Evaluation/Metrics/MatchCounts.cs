namespace EdgeLabel.Evaluation.Metrics;

/// <summary>True positives, false positives and false negatives, with the precision and recall they give.</summary>
public sealed record MatchCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public static readonly MatchCounts Zero = new(0, 0, 0);

    /// <summary>TP / (TP + FP); null when nothing was predicted, since no evidence is not perfection.</summary>
    public double? Precision => TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); null when there was nothing to find.</summary>
    public double? Recall => TruePositives + FalseNegatives == 0 ? null : (double)TruePositives / (TruePositives + FalseNegatives);

    public static MatchCounts operator +(MatchCounts a, MatchCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);
}
