namespace EdgeLabel.Inference.Imaging;

/// <summary>Why an input could not be turned into pixels; stable values meant for metrics and labels.</summary>
public enum ImageRejectionReason
{
    /// <summary>Zero bytes.</summary>
    Empty,
    /// <summary>The bytes match no image signature (text, archive, random data).</summary>
    NotAnImage,
    /// <summary>A recognised image container this build cannot decode (e.g. TIFF, HEIF).</summary>
    UnsupportedFormat,
    /// <summary>The file ends before the image data does (partial upload, cut transfer).</summary>
    Truncated,
    /// <summary>The header declares more pixels than <see cref="DecodeLimits.MaxPixels"/>.</summary>
    TooManyPixels,
    /// <summary>The codec accepted the header but failed on the data (corrupt stream).</summary>
    DecodeFailed,
}
