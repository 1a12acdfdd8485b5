using EdgeLabel.Inference.Imaging;
using EdgeLabel.Inference.Models;
using EdgeLabel.Inference.Tests.Support;
using SkiaSharp;

namespace EdgeLabel.Inference.Tests;

/// <summary>Adapters against tiny constant-output models built by Models/make_models.py (expected values listed there).</summary>
public sealed class SyntheticModelTests
{
    private static OnnxDetector Load(string file, string? adapter = null) => OnnxDetector.Load(new DetectorOptions
    {
        ModelPath = Generated.Model(file),
        ModelId = Path.GetFileNameWithoutExtension(file),
        Adapter = adapter,
    });

    private static DecodedImage Solid(int width, int height, byte red = 0)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        bitmap.Erase(new SKColor(red, 0, 0));
        return DecodedImage.FromBitmap(bitmap);
    }

    private static void AssertBox(PixelBox expected, PixelBox actual)
    {
        const float tolerance = 1e-3f;
        Assert.True(Math.Abs(expected.Left - actual.Left) < tolerance && Math.Abs(expected.Top - actual.Top) < tolerance
            && Math.Abs(expected.Width - actual.Width) < tolerance && Math.Abs(expected.Height - actual.Height) < tolerance,
            $"expected {expected}, got {actual}");
    }

    private static IReadOnlyList<Detection> RunOne(OnnxDetector detector, DecodedImage image)
    {
        using var input = detector.Prepare(image);
        return detector.Run([input])[0];
    }

    [Fact]
    public void Yolov8_layout_is_detected_and_decoded_with_classwise_nms_and_letterbox_back_transform()
    {
        using var detector = Load("yolov8.onnx");
        Assert.Equal("yolo", detector.AdapterName);
        Assert.Equal(1, detector.MaxBatch);

        // 128x64 into 64x64: scale 0.5, content 64x32 at the top-left, padding below. Model px × 2 = source px.
        using var image = Solid(128, 64);
        var detections = RunOne(detector, image);

        Assert.Equal(2, detections.Count);
        Assert.Equal(0, detections[0].ClassId);
        Assert.Equal(0.9f, detections[0].Score, 5);
        AssertBox(new PixelBox(24, 24, 16, 16), detections[0].Box);   // A: cx16 cy16 w8 h8
        Assert.Equal(1, detections[1].ClassId);
        Assert.Equal(0.7f, detections[1].Score, 5);
        AssertBox(new PixelBox(26, 24, 16, 16), detections[1].Box);   // C: cx17, other class survives NMS
    }

    [Fact]
    public void Yolov5_layout_multiplies_objectness_by_class_score()
    {
        using var detector = Load("yolov5.onnx");
        Assert.Equal("yolo", detector.AdapterName);

        using var image = Solid(128, 64);
        var detections = RunOne(detector, image);

        Assert.Equal(2, detections.Count);
        Assert.Equal(1, detections[0].ClassId);
        Assert.Equal(0.9f, detections[0].Score, 5);
        AssertBox(new PixelBox(24, 24, 16, 16), detections[0].Box);
        Assert.Equal(0, detections[1].ClassId);
        Assert.Equal(0.45f, detections[1].Score, 5);
        AssertBox(new PixelBox(72, 32, 16, 16), detections[1].Box);   // B: cx40 cy20 w8 h8
    }

    [Fact]
    public void Centered_padding_is_undone_in_post_processing()
    {
        using var bottomRight = Load("yolov8.onnx");
        using var centered = OnnxDetector.Load(new DetectorOptions
        {
            ModelPath = Generated.Model("yolov8.onnx"),
            ModelId = "yolov8",
            Input = bottomRight.Input with { Padding = Preprocessing.PadPosition.Center },
        });

        using var image = Solid(128, 64);
        var detections = RunOne(centered, image);

        // Content occupies model rows 16..48, so model y 16 is source row 0: A (y 12..20) is clipped to 0..8 → 0..16.
        var a = Assert.Single(detections, d => d.ClassId == 0);
        AssertBox(new PixelBox(24, 0, 16, 8), a.Box);
    }

    [Fact]
    public void Boxes_scores_layout_skips_background_class_and_stretches_back()
    {
        using var detector = Load("boxes_scores.onnx");
        Assert.Equal("boxes-scores", detector.AdapterName);
        Assert.Equal(["face"], detector.ClassNames);

        // Stretch: 200x100 source into 64x48, normalised boxes ×(200, 100).
        using var image = Solid(200, 100);
        var detections = RunOne(detector, image);

        Assert.Equal(2, detections.Count);
        Assert.All(detections, d => Assert.Equal(0, d.ClassId));
        Assert.Equal(0.9f, detections[0].Score, 5);
        AssertBox(new PixelBox(50, 25, 50, 25), detections[0].Box);
        Assert.Equal(0.7f, detections[1].Score, 5);
        AssertBox(new PixelBox(120, 60, 60, 30), detections[1].Box);
    }

    [Fact]
    public void Dynamic_batch_model_runs_three_images_in_one_batch_and_keeps_order()
    {
        using var detector = Load("yolov8_dynamic.onnx");
        Assert.True(detector.MaxBatch > 1, $"MaxBatch {detector.MaxBatch}");

        // Box 0's cx = 16 + 100 × red/255 of the image's top-left pixel: 0, 0.2, 0.4 → cx 16, 36, 56.
        byte[] reds = [0, 51, 102];
        var images = reds.Select(r => Solid(64, 64, r)).ToList();
        var inputs = images.Select(detector.Prepare).ToList();
        try
        {
            var results = detector.Run(inputs);
            Assert.Equal(3, results.Count);
            for (int i = 0; i < 3; i++)
            {
                var d = Assert.Single(results[i]);
                float cx = 16 + 100 * reds[i] / 255f;
                Assert.True(Math.Abs(d.Box.Left - (cx - 4)) < 1e-3, $"image {i}: expected left {cx - 4}, got {d.Box.Left}");
            }
        }
        finally
        {
            inputs.ForEach(i => i.Dispose());
            images.ForEach(i => i.Dispose());
        }
    }

    [Fact]
    public void Run_with_more_inputs_than_max_batch_splits_into_several_runs()
    {
        using var detector = OnnxDetector.Load(new DetectorOptions
        {
            ModelPath = Generated.Model("yolov8_dynamic.onnx"),
            ModelId = "dyn",
            MaxBatch = 2,
        });
        using var image = Solid(64, 64, 51);
        var inputs = Enumerable.Range(0, 5).Select(_ => detector.Prepare(image)).ToList();
        var results = detector.Run(inputs);
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.Single(r));
        inputs.ForEach(i => i.Dispose());
    }
}
