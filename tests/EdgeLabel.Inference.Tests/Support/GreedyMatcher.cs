namespace EdgeLabel.Inference.Tests.Support;

/// <summary>Counts true/false positives: detections in score order each take the best free truth box at IoU ≥ threshold.</summary>
internal static class GreedyMatcher
{
    public static (int TruePositives, int FalsePositives, int FalseNegatives) Match(
        IReadOnlyList<PixelBox> truth, IEnumerable<Detection> detections, float iouThreshold = 0.5f)
    {
        var used = new bool[truth.Count];
        int tp = 0, fp = 0;
        foreach (var d in detections.OrderByDescending(d => d.Score))
        {
            int best = -1;
            float bestIoU = iouThreshold;
            for (int i = 0; i < truth.Count; i++)
            {
                if (used[i]) continue;
                float iou = d.Box.IoU(truth[i]);
                if (iou >= bestIoU) { bestIoU = iou; best = i; }
            }
            if (best >= 0) { used[best] = true; tp++; }
            else fp++;
        }
        return (tp, fp, truth.Count - tp);
    }
}
