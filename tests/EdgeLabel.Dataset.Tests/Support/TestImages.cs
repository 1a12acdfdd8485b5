using SkiaSharp;

namespace EdgeLabel.Dataset.Tests.Support;

/// <summary>Real encoded images made on the spot, for thumbnail tests.</summary>
public static class TestImages
{
    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SkyBlue);
            using var paint = new SKPaint { Color = SKColors.DarkGreen };
            canvas.DrawRect(0, height * 0.6f, width, height * 0.4f, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
