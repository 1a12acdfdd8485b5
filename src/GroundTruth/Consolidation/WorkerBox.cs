namespace EdgeLabel.GroundTruth.Consolidation;

/// <summary>A box one worker drew, in image pixels (Ground Truth's worker answer shape).</summary>
public sealed record WorkerBox(string Worker, int ClassId, double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;

    /// <summary>Jaccard index (intersection over union) of two boxes; 0 when either has no area.</summary>
    public double IoU(double left, double top, double width, double height)
    {
        var iw = Math.Min(Right, left + width) - Math.Max(Left, left);
        var ih = Math.Min(Bottom, top + height) - Math.Max(Top, top);
        if (iw <= 0 || ih <= 0) return 0;
        var intersection = iw * ih;
        var union = Width * Height + width * height - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    public double IoU(WorkerBox other) => IoU(other.Left, other.Top, other.Width, other.Height);
}

/// <summary>A consolidated box: the average of the workers' matched boxes, with how sure the crowd was.</summary>
public sealed record ConsolidatedBox(int ClassId, double Left, double Top, double Width, double Height, double Confidence,
    IReadOnlyList<string> Workers);
