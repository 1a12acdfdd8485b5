namespace EdgeLabel.GroundTruth.Consolidation;

/// <summary>How well one labeler's answer agrees with the consolidated answer of the same data object: boxes of the same
/// class are matched greedily, highest IoU first, at IoU ≥ <see cref="MatchThreshold"/> (each box matches once), and
/// agreement = 2·matched / (labeler's boxes + consolidated boxes), a Dice score in [0, 1]. Both empty ("nothing to
/// label", and the crowd said so too) is full agreement.</summary>
public static class LabelerAgreement
{
    public const double MatchThreshold = 0.5;

    public static double Of(IReadOnlyList<WorkerBox> labeler, IReadOnlyList<ConsolidatedBox> consolidated)
    {
        var total = labeler.Count + consolidated.Count;
        return total == 0 ? 1 : 2.0 * Matched(labeler, consolidated) / total;
    }

    /// <summary>How many of the labeler's boxes pair with a distinct consolidated box of their class.</summary>
    public static int Matched(IReadOnlyList<WorkerBox> labeler, IReadOnlyList<ConsolidatedBox> consolidated)
    {
        var pairs = new List<(double IoU, int L, int C)>();
        for (var l = 0; l < labeler.Count; l++)
        for (var c = 0; c < consolidated.Count; c++)
        {
            var k = consolidated[c];
            if (labeler[l].ClassId != k.ClassId) continue;
            var iou = labeler[l].IoU(k.Left, k.Top, k.Width, k.Height);
            if (iou >= MatchThreshold) pairs.Add((iou, l, c));
        }
        var usedL = new bool[labeler.Count];
        var usedC = new bool[consolidated.Count];
        var matched = 0;
        // Ties broken by position in the answers, so the count never depends on sort stability.
        foreach (var (_, l, c) in pairs.OrderByDescending(p => p.IoU).ThenBy(p => p.L).ThenBy(p => p.C))
        {
            if (usedL[l] || usedC[c]) continue;
            usedL[l] = usedC[c] = true;
            matched++;
        }
        return matched;
    }
}
