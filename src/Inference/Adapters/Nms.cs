namespace EdgeLabel.Inference.Adapters;

/// <summary>Non-maximum suppression over candidate boxes (any coordinate frame with uniform scale).</summary>
public static class Nms
{
    /// <summary>Classic greedy NMS: keep the best box, drop same-class boxes overlapping it at ≥ <paramref name="iou"/>.</summary>
    public static List<Detection> Hard(List<Detection> candidates, float iou, bool classWise = true, int maxDetections = int.MaxValue)
    {
        candidates.Sort(ByScoreDescending);
        var kept = new List<Detection>();
        var removed = new bool[candidates.Count];
        for (int i = 0; i < candidates.Count && kept.Count < maxDetections; i++)
        {
            if (removed[i]) continue;
            var best = candidates[i];
            kept.Add(best);
            for (int j = i + 1; j < candidates.Count; j++)
            {
                if (removed[j]) continue;
                if (classWise && candidates[j].ClassId != best.ClassId) continue;
                if (best.Box.IoU(candidates[j].Box) >= iou) removed[j] = true;
            }
        }
        return kept;
    }

    /// <summary>
    /// MediaPipe's weighted NMS: each cluster (boxes overlapping the best at ≥ <paramref name="iou"/>) becomes one box
    /// whose geometry is the score-weighted mean of the cluster and whose score is the cluster's maximum.
    /// BlazeFace fires several neighbouring anchors per face; averaging them is steadier than picking one.
    /// </summary>
    public static List<Detection> Weighted(List<Detection> candidates, float iou, int maxDetections = int.MaxValue)
    {
        candidates.Sort(ByScoreDescending);
        var kept = new List<Detection>();
        var removed = new bool[candidates.Count];
        for (int i = 0; i < candidates.Count && kept.Count < maxDetections; i++)
        {
            if (removed[i]) continue;
            var best = candidates[i];
            double sw = 0, l = 0, t = 0, r = 0, b = 0;
            for (int j = i; j < candidates.Count; j++)
            {
                if (removed[j] || candidates[j].ClassId != best.ClassId) continue;
                var box = candidates[j].Box;
                if (j != i && best.Box.IoU(box) < iou) continue;
                removed[j] = true;
                double w = candidates[j].Score;
                sw += w;
                l += box.Left * w;
                t += box.Top * w;
                r += box.Right * w;
                b += box.Bottom * w;
            }
            kept.Add(best with { Box = new PixelBox((float)(l / sw), (float)(t / sw), (float)((r - l) / sw), (float)((b - t) / sw)) });
        }
        return kept;
    }

    private static int ByScoreDescending(Detection a, Detection b) => b.Score.CompareTo(a.Score);
}
