using EdgeLabel.Dataset.Export;
using SkiaSharp;

namespace EdgeLabel.Dataset.Tests.Export;

public class ThumbnailWriterSpecs
{
    [Theory]
    [InlineData(SKEncodedOrigin.TopLeft)]
    [InlineData(SKEncodedOrigin.TopRight)]
    [InlineData(SKEncodedOrigin.BottomRight)]
    [InlineData(SKEncodedOrigin.BottomLeft)]
    [InlineData(SKEncodedOrigin.LeftTop)]
    [InlineData(SKEncodedOrigin.RightTop)]
    [InlineData(SKEncodedOrigin.RightBottom)]
    [InlineData(SKEncodedOrigin.LeftBottom)]
    public void Each_exif_orientation_maps_stored_pixels_where_the_exif_specification_puts_them(SKEncodedOrigin origin)
    {
        const int sw = 5, sh = 3;
        var matrix = ThumbnailWriter.OrientationMatrix(origin, sw, sh);

        for (var row = 0; row < sh; row++)
        for (var col = 0; col < sw; col++)
        {
            var p = matrix.MapPoint(col + 0.5f, row + 0.5f);
            var (x, y) = ((int)Math.Floor(p.X), (int)Math.Floor(p.Y));
            // The inverse of the table in EXIF 2.3 (and in src/Inference Orientation): which stored pixel an upright one shows.
            var expected = origin switch
            {
                SKEncodedOrigin.TopRight => (sw - 1 - x, y),
                SKEncodedOrigin.BottomRight => (sw - 1 - x, sh - 1 - y),
                SKEncodedOrigin.BottomLeft => (x, sh - 1 - y),
                SKEncodedOrigin.LeftTop => (y, x),
                SKEncodedOrigin.RightTop => (y, sh - 1 - x),
                SKEncodedOrigin.RightBottom => (sw - 1 - y, sh - 1 - x),
                SKEncodedOrigin.LeftBottom => (sw - 1 - y, x),
                _ => (x, y),
            };
            Assert.Equal((col, row), expected);
        }
    }
}
