using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Actors.Datasets;

/// <summary>Estimates auto-label precision from audited images: per class and model version, the machine boxes that
/// a human box of the same class matches at IoU ≥ 0.5 (each human box matches once, best IoU first), over all machine
/// boxes, with a Wilson score 95% interval. Human and machine confidences are never compared.</summary>
public static class AutoLabelAudit
{
    public const double MatchIoU = 0.5;
    private const double Z = 1.959963984540054;

    public static IReadOnlyList<AutoLabelPrecision> Estimate(IEnumerable<DatasetImage> images)
    {
        var counts = new Dictionary<(string Class, string ModelId, string? Version), (int Boxes, int Matched)>();
        foreach (var image in images.Where(i => i.Status == ImageStatus.Audited))
        {
            var human = image.Boxes.Where(b => b.Provenance.IsHuman).ToList();
            foreach (var group in image.Boxes.Where(b => !b.Provenance.IsHuman).GroupBy(b => b.ClassId))
            {
                var machine = group.ToList();
                var matched = Matches(machine, human.Where(h => h.ClassId == group.Key).ToList());
                for (var i = 0; i < machine.Count; i++)
                {
                    var key = (machine[i].Label, machine[i].Provenance.ModelId ?? "", machine[i].Provenance.ModelVersion);
                    var (boxes, hits) = counts.GetValueOrDefault(key);
                    counts[key] = (boxes + 1, hits + (matched[i] ? 1 : 0));
                }
            }
        }
        return counts.OrderBy(c => c.Key.Class, StringComparer.Ordinal).ThenBy(c => c.Key.ModelId, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Version, StringComparer.Ordinal)
            .Select(c =>
            {
                var (lower, upper) = Wilson(c.Value.Matched, c.Value.Boxes);
                return new AutoLabelPrecision(c.Key.Class, c.Key.ModelId, c.Key.Version, c.Value.Boxes, c.Value.Matched,
                    Math.Round((double)c.Value.Matched / c.Value.Boxes, 4), Math.Round(lower, 4), Math.Round(upper, 4));
            })
            .ToArray();
    }

    /// <summary>Which machine boxes a distinct human box overlaps at IoU ≥ 0.5 (greedy, highest IoU first).</summary>
    private static bool[] Matches(IReadOnlyList<LabeledBox> machine, IReadOnlyList<LabeledBox> human)
    {
        var pairs = new List<(double IoU, int M, int H)>();
        for (var m = 0; m < machine.Count; m++)
        for (var h = 0; h < human.Count; h++)
        {
            var iou = IoU(machine[m], human[h]);
            if (iou >= MatchIoU) pairs.Add((iou, m, h));
        }
        var matched = new bool[machine.Count];
        var used = new bool[human.Count];
        foreach (var (_, m, h) in pairs.OrderByDescending(p => p.IoU))
        {
            if (matched[m] || used[h]) continue;
            matched[m] = used[h] = true;
        }
        return matched;
    }

    public static double IoU(LabeledBox a, LabeledBox b)
    {
        var w = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        if (w <= 0 || h <= 0) return 0;
        var intersection = w * h;
        return intersection / (a.Width * a.Height + b.Width * b.Height - intersection);
    }

    /// <summary>The Wilson score interval of <paramref name="successes"/> out of <paramref name="n"/> at 95%.</summary>
    public static (double Lower, double Upper) Wilson(int successes, int n)
    {
        if (n == 0) return (0, 1);
        var p = (double)successes / n;
        var z2 = Z * Z;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, center - half), Math.Min(1, center + half));
    }
}
