using EdgeLabel.Inference.Imaging;
using EdgeLabel.Inference.Preprocessing;
using SkiaSharp;

namespace EdgeLabel.Inference.Tests;

public sealed class PreprocessingTests
{
    private static readonly InputSpec BlazeFace = new(256, 256, TensorLayout.Nhwc, ChannelOrder.Rgb,
        [127.5f, 127.5f, 127.5f], [1 / 127.5f, 1 / 127.5f, 1 / 127.5f], ResizeMode.Letterbox);

    private static DecodedImage Noise(int width, int height, int seed = 1)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bytes = new byte[width * height * 4];
        random.NextBytes(bytes);
        for (int i = 3; i < bytes.Length; i += 4) bytes[i] = 255;
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return DecodedImage.FromBitmap(bitmap);
    }

    [Theory]
    [InlineData(ResizeMode.Letterbox, PadPosition.BottomRight)]
    [InlineData(ResizeMode.Letterbox, PadPosition.Center)]
    [InlineData(ResizeMode.Stretch, PadPosition.BottomRight)]
    public void Letterbox_transform_round_trips_between_source_and_model_pixels(ResizeMode resize, PadPosition pad)
    {
        var spec = BlazeFace with { Resize = resize, Padding = pad };
        var t = Preprocessor.TransformFor(1920, 1080, spec);
        var box = new PixelBox(100.5f, 700.25f, 320, 180);
        var back = t.ToSource(t.ToModel(box));
        Assert.Equal(box.Left, back.Left, 2);
        Assert.Equal(box.Top, back.Top, 2);
        Assert.Equal(box.Width, back.Width, 2);
        Assert.Equal(box.Height, back.Height, 2);

        // The source corners land on the content corners of the model input.
        var (x0, y0) = t.ToModel(0, 0);
        var (x1, y1) = t.ToModel(1920, 1080);
        if (resize == ResizeMode.Stretch)
        {
            Assert.Equal((0f, 0f, 256f, 256f), (x0, y0, x1, y1));
        }
        else
        {
            Assert.Equal(256f, x1 - x0, 3);
            Assert.Equal(144f, y1 - y0, 3);
            Assert.Equal(pad == PadPosition.Center ? 56f : 0f, y0, 3);
        }
    }

    [Theory]
    [InlineData(257, 131, TensorLayout.Nhwc, ResizeMode.Letterbox)]
    [InlineData(257, 131, TensorLayout.Nchw, ResizeMode.Stretch)]
    [InlineData(131, 257, TensorLayout.Nchw, ResizeMode.Letterbox)]
    [InlineData(31, 17, TensorLayout.Nhwc, ResizeMode.Letterbox)]   // upsampling
    [InlineData(1, 1, TensorLayout.Nhwc, ResizeMode.Stretch)]
    [InlineData(3001, 7, TensorLayout.Nchw, ResizeMode.Letterbox)]  // extreme aspect: content 1 row high
    public void Odd_sized_images_fill_the_tensor_without_NaN_and_within_range(int width, int height, TensorLayout layout, ResizeMode resize)
    {
        var spec = BlazeFace with { Layout = layout, Resize = resize };
        using var image = Noise(width, height);
        var tensor = new float[spec.ElementCount];
        tensor.AsSpan().Fill(float.NaN);
        Preprocessor.Fill(image, spec, tensor);
        Assert.All(tensor, v => Assert.True(float.IsFinite(v) && v >= -1.0001f && v <= 1.0001f, $"value {v}"));
    }

    [Fact]
    public void Solid_image_fills_content_with_its_colour_and_padding_with_the_pad_pixel()
    {
        var spec = new InputSpec(8, 8, TensorLayout.Nchw, ChannelOrder.Bgr, [0, 0, 0], [1, 1, 1], ResizeMode.Letterbox) { PadPixel = 114 };
        using var bitmap = new SKBitmap(16, 8, SKColorType.Rgba8888, SKAlphaType.Premul);
        bitmap.Erase(new SKColor(10, 20, 30));
        using var image = DecodedImage.FromBitmap(bitmap);
        var tensor = new float[spec.ElementCount];
        var t = Preprocessor.Fill(image, spec, tensor);

        Assert.Equal(new ImageTransform(0, 0, 2, 2, 16, 8), t);
        // BGR planes: content rows 0..3, padding rows 4..7.
        Assert.Equal(30f, tensor[0], 3);
        Assert.Equal(20f, tensor[64 + 3 * 8 + 7], 3);
        Assert.Equal(10f, tensor[128 + 3 * 8], 3);
        Assert.Equal(114f, tensor[4 * 8]);
        Assert.Equal(114f, tensor[128 + 7 * 8 + 7]);
    }
}
