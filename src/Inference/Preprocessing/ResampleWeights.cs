namespace EdgeLabel.Inference.Preprocessing;

/// <summary>
/// Precomputed 1-D triangle-filter taps for resizing <c>sourceLength</c> samples to <c>targetLength</c>.
/// The filter widens with the reduction factor (area-like antialiasing, as PIL's bilinear resize does), and
/// every tap index is clamped into the source: reading past the edge is what turned BlazeFace outputs into NaN.
/// </summary>
internal readonly struct ResampleWeights
{
    public readonly int[] Start;
    public readonly int[] Count;
    public readonly float[] Weights;
    public readonly int MaxTaps;

    public ResampleWeights(int sourceLength, int targetLength)
    {
        double factor = (double)sourceLength / targetLength;
        double support = Math.Max(1.0, factor); // half-width of the triangle in source samples
        MaxTaps = (int)Math.Ceiling(support) * 2 + 1;
        Start = new int[targetLength];
        Count = new int[targetLength];
        Weights = new float[targetLength * MaxTaps];

        Span<double> taps = MaxTaps <= 256 ? stackalloc double[MaxTaps] : new double[MaxTaps];
        for (int i = 0; i < targetLength; i++)
        {
            double center = (i + 0.5) * factor - 0.5; // pixel centres aligned, as in every standard resizer
            int lo = Math.Max(0, (int)Math.Floor(center - support) + 1);
            int hi = Math.Min(sourceLength - 1, (int)Math.Ceiling(center + support) - 1);
            if (hi < lo) { lo = hi = Math.Clamp((int)Math.Round(center), 0, sourceLength - 1); }
            int n = Math.Min(hi - lo + 1, MaxTaps);
            double sum = 0;
            var w = taps[..n];
            for (int k = 0; k < n; k++)
            {
                w[k] = Math.Max(0.0, 1.0 - Math.Abs(lo + k - center) / support);
                sum += w[k];
            }
            if (sum <= 0) { w.Clear(); w[0] = 1; sum = 1; } // degenerate 1-pixel source
            Start[i] = lo;
            Count[i] = n;
            for (int k = 0; k < n; k++) Weights[i * MaxTaps + k] = (float)(w[k] / sum);
        }
    }
}
