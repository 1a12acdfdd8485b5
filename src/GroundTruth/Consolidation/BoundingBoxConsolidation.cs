namespace EdgeLabel.GroundTruth.Consolidation;

/// <summary>Consolidates the boxes several workers drew on one image, the way Ground Truth's ACS-BoundingBox does it:
/// boxes of the same class from different workers are matched by their Jaccard index (IoU), matched boxes are
/// averaged, and each result gets a confidence.
/// <list type="bullet">
/// <item>Matching is greedy, strongest pair first: a box joins the group whose running average it overlaps most
/// (IoU ≥ <see cref="MatchThreshold"/>), and a group holds at most one box per worker.</item>
/// <item>A group is kept when at least half of the workers drew it (so with two workers a box one of them drew
/// survives; with three, two must agree).</item>
/// <item>Confidence = share of workers that drew the box × mean IoU of their boxes with the average; with a single
/// worker there is nobody to agree with and the confidence is 0.00, as Ground Truth reports it.</item>
/// </list></summary>
public static class BoundingBoxConsolidation
{
    public const double MatchThreshold = 0.5;

    public static IReadOnlyList<ConsolidatedBox> Consolidate(IReadOnlyList<WorkerBox> boxes, int workerCount)
    {
        if (workerCount < 1) throw new ArgumentOutOfRangeException(nameof(workerCount), workerCount, "at least one worker answered");
        var result = new List<ConsolidatedBox>();
        foreach (var byClass in boxes.GroupBy(b => b.ClassId).OrderBy(g => g.Key))
        {
            var groups = new List<List<WorkerBox>>();
            // Larger boxes first, then by position: deterministic whatever order the answers arrived in.
            foreach (var box in byClass.OrderByDescending(b => b.Width * b.Height).ThenBy(b => b.Left).ThenBy(b => b.Top).ThenBy(b => b.Worker, StringComparer.Ordinal))
            {
                List<WorkerBox>? best = null;
                var bestIoU = MatchThreshold;
                foreach (var group in groups)
                {
                    if (group.Any(b => b.Worker == box.Worker)) continue;
                    var (l, t, w, h) = Average(group);
                    var iou = box.IoU(l, t, w, h);
                    if (iou >= bestIoU)
                    {
                        best = group;
                        bestIoU = iou;
                    }
                }
                if (best is null) groups.Add([box]);
                else best.Add(box);
            }
            foreach (var group in groups)
            {
                if (group.Count * 2 < workerCount) continue;
                var (l, t, w, h) = Average(group);
                var agreement = workerCount == 1 ? 0 : (double)group.Count / workerCount * group.Average(b => b.IoU(l, t, w, h));
                result.Add(new ConsolidatedBox(byClass.Key, l, t, w, h, Math.Round(agreement, 2), group.Select(b => b.Worker).Order(StringComparer.Ordinal).ToArray()));
            }
        }
        return result;
    }

    private static (double Left, double Top, double Width, double Height) Average(IReadOnlyList<WorkerBox> group)
    {
        var left = group.Average(b => b.Left);
        var top = group.Average(b => b.Top);
        return (left, top, group.Average(b => b.Right) - left, group.Average(b => b.Bottom) - top);
    }
}
