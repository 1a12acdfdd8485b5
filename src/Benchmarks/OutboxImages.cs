using System.Security.Cryptography;
using EdgeLabel.Actors.Camera;
using SkiaSharp;

namespace EdgeLabel.Benchmarks;

/// <summary>The outbox benchmark's input: N distinct real-photo JPEGs of about 200 KB each (a seeded
/// <see cref="PhotoVariants"/> variant of the sample photos, rescaled and re-encoded until it lands within ±10 % of
/// the target size, or the size cap is reached), written once and reused while the count matches.</summary>
public static class OutboxImages
{
    public const int Seed = 20240602;
    public const int TargetBytes = 200 * 1024;
    private const int MaxSide = 4096;
    private static readonly string[] Sources = [".cache/samples/opencv", ".cache/samples/dlib-faces"];

    public static IReadOnlyList<string> Ensure(string folder, int count)
    {
        var existing = EdgeImages.List(folder);
        if (existing.Count == count) return existing;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var variants = Sources.Select(s => PhotoVariants.FromDirectory(s, Seed)).ToArray();
        Console.WriteLine($"generating {count} images of ~{TargetBytes / 1024} KB into {folder} ...");
        Parallel.For(0, count, i =>
        {
            var path = Path.Combine(folder, $"img-{i:D5}.jpg");
            File.WriteAllBytes(path + ".tmp", Resize(variants[i % variants.Length].Make(i / variants.Length)));
            File.Move(path + ".tmp", path);
        });
        existing = EdgeImages.List(folder);
        var distinct = existing.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Distinct().Count();
        if (distinct != existing.Count)
            throw new InvalidOperationException($"{folder}: only {distinct} of {existing.Count} images are distinct; delete the folder to regenerate");
        return existing;
    }

    /// <summary>Rescales and re-encodes (quality 90) towards <see cref="TargetBytes"/>: JPEG size grows roughly with the
    /// pixel count, so each try scales the sides by sqrt(target / size).</summary>
    private static byte[] Resize(byte[] jpeg)
    {
        using var original = SKBitmap.Decode(jpeg) ?? throw new InvalidDataException("variant does not decode");
        var scale = 1.0;
        var best = jpeg;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (Math.Abs(best.Length - TargetBytes) < TargetBytes / 10 && attempt > 0) break;
            var ratio = Math.Sqrt((double)TargetBytes / best.Length);
            scale = Math.Min(scale * ratio, (double)MaxSide / Math.Max(original.Width, original.Height));
            var w = Math.Max(16, (int)(original.Width * scale));
            var h = Math.Max(16, (int)(original.Height * scale));
            using var resized = original.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None)) ?? throw new InvalidDataException("resize failed");
            using var data = resized.Encode(SKEncodedImageFormat.Jpeg, 90);
            best = data.ToArray();
            if (Math.Max(w, h) >= MaxSide) break;
        }
        return best;
    }
}
