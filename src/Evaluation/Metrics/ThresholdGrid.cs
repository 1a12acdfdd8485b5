namespace EdgeLabel.Evaluation.Metrics;

/// <summary>Threshold values to sweep, rounded to two decimals so 0.35 is 0.35 and not 0.35000002.</summary>
public static class ThresholdGrid
{
    /// <summary>0.30, 0.35, … 0.95: the accept thresholds the report sweeps by default.</summary>
    public static IReadOnlyList<float> DefaultAccepts { get; } = Steps(0.30, 0.95, 0.05);

    /// <summary>0.05, 0.10, … 0.95: the reject thresholds the suggestion considers.</summary>
    public static IReadOnlyList<float> DefaultRejects { get; } = Steps(0.05, 0.95, 0.05);

    public static IReadOnlyList<float> Steps(double from, double to, double step)
    {
        var values = new List<float>();
        for (var i = 0; from + i * step <= to + step / 2; i++)
            values.Add((float)Math.Round(from + i * step, 2));
        return values;
    }

    /// <summary>The grid plus any extra values (the user's own thresholds), sorted, without duplicates.</summary>
    public static IReadOnlyList<float> With(IEnumerable<float> grid, params float?[] extra) =>
        grid.Concat(extra.Where(v => v.HasValue).Select(v => v!.Value)).Distinct().Order().ToList();
}
