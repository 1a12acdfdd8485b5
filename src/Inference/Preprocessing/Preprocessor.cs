using System.Buffers;
using EdgeLabel.Inference.Imaging;
using SkiaSharp;

namespace EdgeLabel.Inference.Preprocessing;

/// <summary>Resizes a decoded image into a model input tensor and reports how to map boxes back.</summary>
/// <remarks>
/// Resampling is a separable triangle filter whose width grows with the reduction (antialiased like an area
/// average), done in managed code straight into the float tensor: no intermediate RGBA resize, one pass per axis.
/// Thread-safe: all scratch memory is rented per call.
/// </remarks>
public static class Preprocessor
{
    /// <summary>
    /// Fills <paramref name="destination"/> (exactly <see cref="InputSpec.ElementCount"/> floats for one image) and
    /// returns the model→source transform for this image.
    /// </summary>
    public static ImageTransform Fill(DecodedImage image, InputSpec spec, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        spec.Validate();
        if (destination.Length < spec.ElementCount)
            throw new ArgumentException($"Destination holds {destination.Length} floats, the input needs {spec.ElementCount}.", nameof(destination));

        var (transform, contentW, contentH, padX, padY) = Plan(image.SourceWidth, image.SourceHeight, spec);
        var dst = destination[..spec.ElementCount];

        // Per-channel affine normalisation, in tensor channel order.
        Span<float> mul = stackalloc float[3];
        Span<float> add = stackalloc float[3];
        for (int c = 0; c < 3; c++)
        {
            mul[c] = spec.Scale[c];
            add[c] = -spec.Mean[c] * spec.Scale[c];
        }

        if (contentW < spec.Width || contentH < spec.Height)
            FillPadding(dst, spec, mul, add);

        Resample(image.Bitmap, spec, contentW, contentH, padX, padY, mul, add, dst);
        return transform;
    }

    /// <summary>The model→source transform <see cref="Fill"/> would return, without touching pixels.</summary>
    public static ImageTransform TransformFor(int sourceWidth, int sourceHeight, InputSpec spec) =>
        Plan(sourceWidth, sourceHeight, spec).Transform;

    private static (ImageTransform Transform, int ContentW, int ContentH, int PadX, int PadY) Plan(int srcW, int srcH, InputSpec spec)
    {
        int cw = spec.Width, ch = spec.Height, padX = 0, padY = 0;
        if (spec.Resize == ResizeMode.Letterbox)
        {
            double s = Math.Min((double)spec.Width / srcW, (double)spec.Height / srcH);
            cw = Math.Clamp((int)Math.Round(srcW * s), 1, spec.Width);
            ch = Math.Clamp((int)Math.Round(srcH * s), 1, spec.Height);
            if (spec.Padding == PadPosition.Center)
            {
                padX = (spec.Width - cw) / 2;
                padY = (spec.Height - ch) / 2;
            }
        }
        // Content pixels cover the whole source exactly, so the scale is per axis (rounding of cw/ch included).
        var t = new ImageTransform(padX, padY, (float)srcW / cw, (float)srcH / ch, srcW, srcH);
        return (t, cw, ch, padX, padY);
    }

    private static void FillPadding(Span<float> dst, InputSpec spec, ReadOnlySpan<float> mul, ReadOnlySpan<float> add)
    {
        Span<float> pad = stackalloc float[3];
        for (int c = 0; c < 3; c++) pad[c] = spec.PadPixel * mul[c] + add[c];
        int plane = spec.Width * spec.Height;
        if (spec.Layout == TensorLayout.Nchw)
        {
            for (int c = 0; c < 3; c++) dst.Slice(c * plane, plane).Fill(pad[c]);
        }
        else if (pad[0] == pad[1] && pad[1] == pad[2])
        {
            dst.Fill(pad[0]);
        }
        else
        {
            for (int i = 0; i < plane; i++)
            {
                dst[i * 3] = pad[0];
                dst[i * 3 + 1] = pad[1];
                dst[i * 3 + 2] = pad[2];
            }
        }
    }

    private static unsafe void Resample(SKBitmap bitmap, InputSpec spec, int contentW, int contentH, int padX, int padY,
        ReadOnlySpan<float> mul, ReadOnlySpan<float> add, Span<float> dst)
    {
        int srcW = bitmap.Width, srcH = bitmap.Height, rowBytes = bitmap.RowBytes;
        var xw = new ResampleWeights(srcW, contentW);
        var yw = new ResampleWeights(srcH, contentH);

        // Only the source rows some output row reads are filtered horizontally.
        int firstRow = yw.Start[0];
        int lastRow = yw.Start[contentH - 1] + yw.Count[contentH - 1] - 1;
        int rows = lastRow - firstRow + 1;
        int tmpLen = rows * contentW * 3;
        float[] tmp = ArrayPool<float>.Shared.Rent(tmpLen);
        try
        {
            byte* src = (byte*)bitmap.GetPixels();
            // RGBA memory order; choose which byte feeds tensor channel 0/1/2.
            int c0 = spec.Channels == ChannelOrder.Rgb ? 0 : 2, c2 = 2 - c0;
            fixed (float* tmpBase = tmp)
            fixed (float* xwBase = xw.Weights)
            {
                for (int r = 0; r < rows; r++)
                {
                    byte* line = src + (long)(firstRow + r) * rowBytes;
                    float* o = tmpBase + (long)r * contentW * 3;
                    for (int x = 0; x < contentW; x++)
                    {
                        float a0 = 0, a1 = 0, a2 = 0;
                        byte* p = line + xw.Start[x] * 4;
                        float* w = xwBase + x * xw.MaxTaps;
                        int n = xw.Count[x];
                        for (int k = 0; k < n; k++, p += 4)
                        {
                            float wk = w[k];
                            a0 += p[c0] * wk;
                            a1 += p[1] * wk;
                            a2 += p[c2] * wk;
                        }
                        o[x * 3] = a0;
                        o[x * 3 + 1] = a1;
                        o[x * 3 + 2] = a2;
                    }
                }

                float m0 = mul[0], m1 = mul[1], m2 = mul[2], d0 = add[0], d1 = add[1], d2 = add[2];
                int plane = spec.Width * spec.Height;
                bool nchw = spec.Layout == TensorLayout.Nchw;
                fixed (float* dstBase = dst)
                fixed (float* ywBase = yw.Weights)
                {
                    for (int y = 0; y < contentH; y++)
                    {
                        int n = yw.Count[y];
                        float* w = ywBase + y * yw.MaxTaps;
                        float* firstTap = tmpBase + (long)(yw.Start[y] - firstRow) * contentW * 3;
                        int outRow = (y + padY) * spec.Width + padX;
                        for (int x = 0; x < contentW; x++)
                        {
                            float a0 = 0, a1 = 0, a2 = 0;
                            float* t = firstTap + x * 3;
                            for (int k = 0; k < n; k++, t += contentW * 3)
                            {
                                float wk = w[k];
                                a0 += t[0] * wk;
                                a1 += t[1] * wk;
                                a2 += t[2] * wk;
                            }
                            int i = outRow + x;
                            if (nchw)
                            {
                                dstBase[i] = a0 * m0 + d0;
                                dstBase[plane + i] = a1 * m1 + d1;
                                dstBase[2 * plane + i] = a2 * m2 + d2;
                            }
                            else
                            {
                                float* q = dstBase + (long)i * 3;
                                q[0] = a0 * m0 + d0;
                                q[1] = a1 * m1 + d1;
                                q[2] = a2 * m2 + d2;
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tmp);
        }
    }
}
