using EdgeLabel.Evaluation.Truth;
using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Metrics;

/// <summary>Matches one image's detections to its truth boxes, greedily by descending score (PASCAL VOC style).</summary>
/// <remarks>Each detection, highest score first, takes the unmatched counted truth box of its class with the highest
/// IoU at or above the threshold: a true positive. A second detection of the same object finds it taken: a false
/// positive. A detection on a don't-care region (intersection ≥ threshold of the detection's own area, as COCO scores
/// crowd regions) counts neither way. Counted truth boxes left unmatched are false negatives.</remarks>
public static class BoxMatcher
{
    public static MatchCounts Count(IReadOnlyList<TruthBox> truth, IEnumerable<Detection> detections, MatchOptions options)
    {
        var taken = new bool[truth.Count];
        int tp = 0, fp = 0;
        // Stable order for equal scores keeps the result independent of sort implementation details.
        foreach (var d in detections.Select((d, i) => (d, i)).OrderByDescending(x => x.d.Score).ThenBy(x => x.i).Select(x => x.d))
        {
            var best = -1;
            var bestIoU = -1f;
            for (var j = 0; j < truth.Count; j++)
            {
                var t = truth[j];
                if (taken[j] || t.DontCare || !SameClass(t, d, options)) continue;
                var iou = d.Box.IoU(t.Box);
                if (iou >= options.IoUThreshold && iou > bestIoU)
                {
                    best = j;
                    bestIoU = iou;
                }
            }
            if (best >= 0)
            {
                taken[best] = true;
                tp++;
            }
            else if (!OnDontCare(truth, d, options))
            {
                fp++;
            }
        }
        var counted = truth.Count(t => !t.DontCare);
        return new MatchCounts(tp, fp, counted - tp);
    }

    private static bool SameClass(TruthBox t, Detection d, MatchOptions options) =>
        options.Classes == ClassMatching.SingleClass || t.ClassId == d.ClassId;

    private static bool OnDontCare(IReadOnlyList<TruthBox> truth, Detection d, MatchOptions options)
    {
        if (d.Box.Area <= 0) return false;
        foreach (var t in truth)
        {
            if (!t.DontCare || !SameClass(t, d, options)) continue;
            var w = Math.Min(d.Box.Right, t.Box.Right) - Math.Max(d.Box.Left, t.Box.Left);
            var h = Math.Min(d.Box.Bottom, t.Box.Bottom) - Math.Max(d.Box.Top, t.Box.Top);
            if (w > 0 && h > 0 && w * h / d.Box.Area >= options.IoUThreshold) return true;
        }
        return false;
    }
}
