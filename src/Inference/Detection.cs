namespace EdgeLabel.Inference;

/// <summary>An axis-aligned box in pixels of the upright source image (top-left origin).</summary>
public readonly record struct PixelBox(float Left, float Top, float Width, float Height)
{
    public float Right => Left + Width;
    public float Bottom => Top + Height;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    public float IoU(PixelBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (w <= 0 || h <= 0) return 0f;
        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }

    /// <summary>Clips the box to an image of the given size.</summary>
    public PixelBox ClipTo(int imageWidth, int imageHeight)
    {
        var l = Math.Clamp(Left, 0, imageWidth);
        var t = Math.Clamp(Top, 0, imageHeight);
        var r = Math.Clamp(Right, 0, imageWidth);
        var b = Math.Clamp(Bottom, 0, imageHeight);
        return new PixelBox(l, t, r - l, b - t);
    }
}

/// <summary>One object found by a detector: class, calibrated score in [0,1] and box in source pixels.</summary>
public sealed record Detection(int ClassId, float Score, PixelBox Box);
