namespace EdgeLabel.Inference.Imaging;

/// <summary>Bounds for decoding one untrusted image: a pixel budget and the smallest useful side.</summary>
/// <param name="MaxPixels">Images whose header declares more pixels (width × height) are rejected before any pixel is decoded.</param>
/// <param name="MinSide">
/// The model input size. JPEGs much larger than this are decoded at a reduced DCT scale, but never so small that
/// the shorter upright side drops below <paramref name="MinSide"/> (so neither letterbox nor stretch has to upsample).
/// 0 disables scaled decoding.
/// </param>
public readonly record struct DecodeLimits(long MaxPixels, int MinSide)
{
    /// <summary>40 MP budget and full-resolution decode: for callers that need every pixel.</summary>
    public static DecodeLimits FullResolution { get; } = new(40_000_000, 0);
}
