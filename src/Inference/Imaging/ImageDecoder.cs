using SkiaSharp;

namespace EdgeLabel.Inference.Imaging;

/// <summary>Turns untrusted encoded bytes into upright RGBA pixels with header-first size checks.</summary>
public static class ImageDecoder
{
    /// <summary>
    /// Decodes <paramref name="bytes"/> into upright RGBA 8888 premultiplied pixels (transparency composited on black).
    /// </summary>
    /// <exception cref="ImageRejectedException">The input is empty, not an image, unsupported, truncated, too large or corrupt.</exception>
    public static DecodedImage Decode(byte[] bytes, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
            throw new ImageRejectedException(ImageRejectionReason.Empty, "The image is empty (0 bytes).");

        // The codec takes ownership of the stream (and its copy of the bytes) and frees it with itself.
        using var codec = SKCodec.Create(new SKMemoryStream(bytes), out var createResult);
        if (codec is null)
            throw RejectUnreadableHeader(bytes, createResult);

        // Header only so far: refuse decompression bombs before allocating anything proportional to the image.
        var stored = codec.Info;
        long pixels = (long)stored.Width * stored.Height;
        if (stored.Width <= 0 || stored.Height <= 0)
            throw new ImageRejectedException(ImageRejectionReason.DecodeFailed, $"The image header declares an invalid size {stored.Width}x{stored.Height}.");
        if (pixels > limits.MaxPixels)
            throw new ImageRejectedException(ImageRejectionReason.TooManyPixels,
                $"The image is {stored.Width}x{stored.Height} = {pixels:N0} pixels, above the limit of {limits.MaxPixels:N0}.");

        var origin = codec.EncodedOrigin;
        var (decodeWidth, decodeHeight) = ChooseDecodeSize(codec, limits.MinSide);
        var format = FormatName(codec.EncodedFormat);

        var info = new SKImageInfo(decodeWidth, decodeHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        try
        {
            var result = codec.GetPixels(info, bitmap.GetPixels());
            switch (result)
            {
                case SKCodecResult.Success:
                    break;
                case SKCodecResult.IncompleteInput:
                    // Skia fills the missing rows with zeros; a half-grey photo would silently lose detections, so refuse it.
                    throw new ImageRejectedException(ImageRejectionReason.Truncated,
                        $"The {format} data ends before the image does ({bytes.Length:N0} bytes for {stored.Width}x{stored.Height}).");
                case SKCodecResult.ErrorInInput:
                case SKCodecResult.InvalidInput:
                    throw new ImageRejectedException(ImageRejectionReason.DecodeFailed, $"The {format} data is corrupt ({result}).");
                case SKCodecResult.Unimplemented:
                    throw new ImageRejectedException(ImageRejectionReason.UnsupportedFormat, $"This {format} variant is not supported by the decoder.");
                default:
                    throw new ImageRejectedException(ImageRejectionReason.DecodeFailed, $"Decoding the {format} image failed: {result}.");
            }

            var upright = Orientation.Apply(bitmap, origin);
            if (!ReferenceEquals(upright, bitmap)) bitmap.Dispose();
            bitmap = upright;

            var (sourceWidth, sourceHeight) = Orientation.SwapsAxes(origin) ? (stored.Height, stored.Width) : (stored.Width, stored.Height);
            var decoded = new DecodedImage(bitmap, sourceWidth, sourceHeight, format, origin);
            return decoded;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>Largest DCT reduction that keeps the shorter side at or above <paramref name="minSide"/>.</summary>
    private static (int Width, int Height) ChooseDecodeSize(SKCodec codec, int minSide)
    {
        var full = codec.Info;
        int shorter = Math.Min(full.Width, full.Height);
        // Only JPEG decodes faster when scaled (libjpeg-turbo skips IDCT work); other codecs would just resample.
        if (minSide <= 0 || codec.EncodedFormat != SKEncodedImageFormat.Jpeg || shorter < 2 * minSide)
            return (full.Width, full.Height);

        // libjpeg-turbo supports n/8; try the strongest reduction first and keep the first size that is big enough.
        for (int eighths = 1; eighths < 8; eighths++)
        {
            var size = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Min(size.Width, size.Height) >= minSide && size.Width > 0 && size.Height > 0)
                return (size.Width, size.Height);
        }
        return (full.Width, full.Height);
    }

    private static ImageRejectedException RejectUnreadableHeader(byte[] bytes, SKCodecResult result)
    {
        var sniffed = Signature.Sniff(bytes);
        if (sniffed is null)
            return new ImageRejectedException(ImageRejectionReason.NotAnImage,
                $"The {bytes.Length:N0} bytes are not a recognised image (starts with {Signature.Describe(bytes)}).");
        if (!Signature.IsDecodable(sniffed))
            return new ImageRejectedException(ImageRejectionReason.UnsupportedFormat, $"{sniffed} images are not supported.");
        if (result == SKCodecResult.IncompleteInput || bytes.Length < 64)
            return new ImageRejectedException(ImageRejectionReason.Truncated, $"The {sniffed} data ends inside its header ({bytes.Length:N0} bytes).");
        return new ImageRejectedException(ImageRejectionReason.DecodeFailed, $"The {sniffed} header could not be read ({result}).");
    }

    private static string FormatName(SKEncodedImageFormat format) => format.ToString().ToLowerInvariant();
}
