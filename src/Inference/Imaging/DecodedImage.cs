using SkiaSharp;

namespace EdgeLabel.Inference.Imaging;

/// <summary>
/// Upright pixels of one image, possibly at a reduced scale, plus the size of the upright source they stand for.
/// </summary>
/// <remarks>
/// Pixels are always <see cref="SKColorType.Rgba8888"/> with <see cref="SKAlphaType.Premul"/>, i.e. bytes R,G,B,A in
/// memory. Premultiplied RGB of a transparent PNG is exactly the image composited on black, so consumers can ignore
/// the alpha byte. Orientation (EXIF) has already been applied: pixel (0,0) is the top-left of the upright image.
/// </remarks>
public sealed class DecodedImage : IDisposable
{
    /// <summary>Takes ownership of <paramref name="bitmap"/>, which must be RGBA 8888 premultiplied and upright.</summary>
    public DecodedImage(SKBitmap bitmap, int sourceWidth, int sourceHeight, string format, SKEncodedOrigin appliedOrigin = SKEncodedOrigin.TopLeft)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType != SKColorType.Rgba8888 || bitmap.AlphaType != SKAlphaType.Premul)
            throw new ArgumentException($"Expected Rgba8888/Premul pixels, got {bitmap.ColorType}/{bitmap.AlphaType}.", nameof(bitmap));
        if (sourceWidth <= 0 || sourceHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(sourceWidth), "Source size must be positive.");
        Bitmap = bitmap;
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        Format = format;
        AppliedOrigin = appliedOrigin;
    }

    /// <summary>Wraps an in-memory upright bitmap (any colour type) at full resolution; the bitmap is copied.</summary>
    public static DecodedImage FromBitmap(SKBitmap source, string format = "raw")
    {
        var info = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var copy = new SKBitmap(info);
        if (!source.CopyTo(copy, SKColorType.Rgba8888) && !source.ScalePixels(copy, new SKSamplingOptions(SKFilterMode.Nearest)))
        {
            copy.Dispose();
            throw new ArgumentException("Bitmap cannot be converted to RGBA 8888.", nameof(source));
        }
        return new DecodedImage(copy, source.Width, source.Height, format);
    }

    /// <summary>RGBA 8888 premultiplied, upright pixels (see remarks on the type).</summary>
    public SKBitmap Bitmap { get; }

    /// <summary>Decoded width; smaller than <see cref="SourceWidth"/> when a scaled JPEG decode was used.</summary>
    public int Width => Bitmap.Width;

    public int Height => Bitmap.Height;

    /// <summary>Width of the full-resolution upright image: the frame every detection box is reported in.</summary>
    public int SourceWidth { get; }

    public int SourceHeight { get; }

    /// <summary>Lower-case container name: "jpeg", "png", "webp", "gif", "bmp", … ("raw" for in-memory bitmaps).</summary>
    public string Format { get; }

    /// <summary>The EXIF orientation that was applied to reach the upright frame (TopLeft when none).</summary>
    public SKEncodedOrigin AppliedOrigin { get; }

    public void Dispose() => Bitmap.Dispose();
}
