using System.Diagnostics;
using EdgeLabel.Inference.Imaging;
using EdgeLabel.Inference.Models;
using EdgeLabel.Inference.Tests.Support;

namespace EdgeLabel.Inference.Tests;

/// <summary>Prints hot-path timings for the report; deliberately asserts nothing about speed.</summary>
public sealed class TimingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("1080p.jpg")]
    [InlineData("1080p.png")]
    public void Decode_preprocess_and_run_times_per_image_are_printed(string file)
    {
        using var detector = OnnxDetector.Load(new DetectorOptions { ModelPath = TestEnvironment.ModelPath, ModelId = "blazeface-back-256" });
        var bytes = File.ReadAllBytes(Generated.Image(file));
        var limits = detector.DecodeLimitsFor(40_000_000);

        using (var warm = ImageDecoder.Decode(bytes, limits))
        using (var input = detector.Prepare(warm))
            detector.Run([input]);

        const int rounds = 20;
        double decodeMs = 0, prepareMs = 0, runMs = 0;
        // Process CPU time as well as wall time: the shared build machine is often loaded, which inflates wall time only.
        var process = Process.GetCurrentProcess();
        double decodeCpu = 0, runCpu = 0;
        int faces = 0;
        for (int i = 0; i < rounds; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            using var image = ImageDecoder.Decode(bytes, limits);
            decodeMs += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            using var input = detector.Prepare(image);
            prepareMs += sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            var cpu1 = process.TotalProcessorTime;
            sw.Restart();
            faces = detector.Run([input])[0].Count;
            runMs += sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            decodeCpu += (cpu1 - cpu0).TotalMilliseconds;
            runCpu += (process.TotalProcessorTime - cpu1).TotalMilliseconds;
        }

        using var decoded = ImageDecoder.Decode(bytes, limits);
        output.WriteLine($"{file}: 1920x1080 decoded at {decoded.Width}x{decoded.Height}; per image: decode {decodeMs / rounds:F2} ms, " +
            $"preprocess {prepareMs / rounds:F2} ms, decode+preprocess {(decodeMs + prepareMs) / rounds:F2} ms, run {runMs / rounds:F2} ms; {faces} faces. " +
            $"Process CPU per image: decode+preprocess {decodeCpu / rounds:F2} ms, run {runCpu / rounds:F2} ms (all ORT threads)");
        Assert.True(faces >= 0);
    }

    /// <summary>Our managed triangle-filter fill vs Skia resizing to the content size (the fill step excluded for Skia).</summary>
    [Theory]
    [InlineData("1080p.jpg")]
    [InlineData("1080p.png")]
    public void Managed_resample_and_skia_resize_times_are_printed(string file)
    {
        using var detector = OnnxDetector.Load(new DetectorOptions { ModelPath = TestEnvironment.ModelPath, ModelId = "blazeface-back-256" });
        using var image = ImageDecoder.Decode(File.ReadAllBytes(Generated.Image(file)), detector.DecodeLimitsFor(40_000_000));
        var tensor = new float[detector.Input.ElementCount];
        var info = new SkiaSharp.SKImageInfo(256, 144, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Premul);
        using var resized = new SkiaSharp.SKBitmap(info);
        var sampling = new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear, SkiaSharp.SKMipmapMode.Linear);

        double Measure(Action action)
        {
            action();
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            const int rounds = 30;
            for (int i = 0; i < rounds; i++) action();
            process.Refresh();
            return (process.TotalProcessorTime - cpu0).TotalMilliseconds / rounds;
        }

        var managed = Measure(() => Preprocessing.Preprocessor.Fill(image, detector.Input, tensor));
        var skiaMipmap = Measure(() => image.Bitmap.ScalePixels(resized, sampling));
        var skiaLinear = Measure(() => image.Bitmap.ScalePixels(resized, new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear)));
        output.WriteLine($"{file} {image.Width}x{image.Height} -> 256x144, CPU ms/image: managed resample+fill {managed:F2}, " +
            $"Skia ScalePixels linear+mipmap (resize only) {skiaMipmap:F2}, Skia linear without mipmaps (aliases) {skiaLinear:F2}");
        Assert.True(managed >= 0);
    }
}
