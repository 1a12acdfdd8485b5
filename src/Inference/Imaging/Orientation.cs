using SkiaSharp;

namespace EdgeLabel.Inference.Imaging;

/// <summary>Applies an EXIF orientation to decoded pixels so that everything downstream sees the upright image.</summary>
internal static class Orientation
{
    /// <summary>True for the four orientations (5–8) whose upright image has width and height exchanged.</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// Returns an upright copy of <paramref name="stored"/> (or the same bitmap for TopLeft). Explicit index maths
    /// rather than a canvas matrix: it is exact (no resampling) and each case can be checked against the EXIF spec.
    /// </summary>
    public static unsafe SKBitmap Apply(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft || (int)origin < 1 || (int)origin > 8) return stored;

        int sw = stored.Width, sh = stored.Height;
        bool swap = SwapsAxes(origin);
        int uw = swap ? sh : sw, uh = swap ? sw : sh;
        var upright = new SKBitmap(new SKImageInfo(uw, uh, stored.ColorType, stored.AlphaType));
        uint* src = (uint*)stored.GetPixels();
        uint* dst = (uint*)upright.GetPixels();
        int srcStride = stored.RowBytes / 4, dstStride = upright.RowBytes / 4;

        // For each upright pixel (x, y) find the stored (column, row). EXIF names say where stored row 0 / column 0 end up.
        for (int y = 0; y < uh; y++)
        {
            uint* row = dst + (long)y * dstStride;
            for (int x = 0; x < uw; x++)
            {
                int col, r;
                switch (origin)
                {
                    case SKEncodedOrigin.TopRight: col = sw - 1 - x; r = y; break;           // 2: mirrored horizontally
                    case SKEncodedOrigin.BottomRight: col = sw - 1 - x; r = sh - 1 - y; break; // 3: rotated 180°
                    case SKEncodedOrigin.BottomLeft: col = x; r = sh - 1 - y; break;          // 4: mirrored vertically
                    case SKEncodedOrigin.LeftTop: col = y; r = x; break;                      // 5: transposed
                    case SKEncodedOrigin.RightTop: col = y; r = sh - 1 - x; break;            // 6: display rotates 90° clockwise
                    case SKEncodedOrigin.RightBottom: col = sw - 1 - y; r = sh - 1 - x; break; // 7: transverse
                    default: col = sw - 1 - y; r = x; break;                                  // 8: display rotates 90° counter-clockwise
                }
                row[x] = src[(long)r * srcStride + col];
            }
        }
        return upright;
    }
}
