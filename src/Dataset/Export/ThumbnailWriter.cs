using SkiaSharp;

namespace EdgeLabel.Dataset.Export;

/// <summary>Writes a small upright JPEG of an image for the report.</summary>
public static class ThumbnailWriter
{
    private const int JpegQuality = 80;

    /// <summary>Decodes <paramref name="image"/>, turns it upright (EXIF orientation: boxes are in upright pixels),
    /// scales it so its longer side is at most <paramref name="maxSide"/> and writes it as JPEG.</summary>
    /// <returns>False when the bytes are not a decodable image; nothing is written then.</returns>
    public static bool TryWrite(Stream image, string path, int maxSide)
    {
        // Object-store responses are not seekable; Skia's codecs need the whole encoded image anyway.
        var encoded = new MemoryStream();
        image.CopyTo(encoded);
        using var data = SKData.CreateCopy(encoded.GetBuffer().AsSpan(0, (int)encoded.Length));
        if (data is null || data.Size == 0) return false;
        using var codec = SKCodec.Create(data);
        if (codec is null) return false;

        // JPEG can decode at 1/2, 1/4, 1/8 size directly, which is far cheaper than decoding a 12 MP photo whole.
        var stored = codec.Info;
        var upright = SwapsAxes(codec.EncodedOrigin) ? new SKSizeI(stored.Height, stored.Width) : new SKSizeI(stored.Width, stored.Height);
        var scale = Math.Min(1f, (float)maxSide / Math.Max(upright.Width, upright.Height));
        var decodeSize = codec.GetScaledDimensions(scale);
        using var bitmap = new SKBitmap(new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return false;

        var width = Math.Max(1, (int)Math.Round(upright.Width * scale));
        var height = Math.Max(1, (int)Math.Round(upright.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var fit = SwapsAxes(codec.EncodedOrigin)
            ? SKMatrix.CreateScale((float)width / decodeSize.Height, (float)height / decodeSize.Width)
            : SKMatrix.CreateScale((float)width / decodeSize.Width, (float)height / decodeSize.Height);
        canvas.SetMatrix(fit.PreConcat(OrientationMatrix(codec.EncodedOrigin, decodeSize.Width, decodeSize.Height)));
        using (var decoded = SKImage.FromBitmap(bitmap))
            canvas.DrawImage(decoded, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        canvas.Flush();

        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        if (jpeg is null) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        jpeg.SaveTo(file);
        return true;
    }

    private static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>Maps stored pixels (w × h) onto the upright frame, per EXIF orientation 1–8.</summary>
    internal static SKMatrix OrientationMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),      // 2: mirrored horizontally
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),  // 3: rotated 180°
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),    // 4: mirrored vertically
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),        // 5: transposed
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),      // 6: display rotates 90° clockwise
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),  // 7: transverse
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),    // 8: display rotates 90° counter-clockwise
        _ => SKMatrix.Identity,
    };
}
