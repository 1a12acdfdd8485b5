using SkiaSharp;

namespace EdgeLabel.Actors.Camera;

/// <summary>Makes many distinct images from a few real photos: a seeded crop, scale and JPEG re-encode per
/// index, so every variant has its own content id while the content stays a real photograph.</summary>
public sealed class PhotoVariants
{
    private readonly IReadOnlyList<byte[]> _photos;
    private readonly int _seed;

    public PhotoVariants(IReadOnlyList<byte[]> photos, int seed)
    {
        if (photos.Count == 0) throw new ArgumentException("no source photos for variants", nameof(photos));
        _photos = photos;
        _seed = seed;
    }

    public static PhotoVariants FromDirectory(string path, int seed)
    {
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"photos for variants not found: {path} (run ./build.sh samples)");
        var files = Directory.EnumerateFiles(path).Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        return new PhotoVariants(files.Select(File.ReadAllBytes).ToArray(), seed);
    }

    public int SourceCount => _photos.Count;

    public byte[] Make(int index)
    {
        // A seed stable across processes (HashCode is randomised per process): variant i has the same bytes after a restart.
        var random = new Random(unchecked(_seed * 1_000_003 + index));
        using var original = SKBitmap.Decode(_photos[index % _photos.Count])
                             ?? throw new InvalidDataException($"source photo {index % _photos.Count} does not decode");
        var keep = 0.75 + random.NextDouble() * 0.25;
        var cropW = Math.Max(16, (int)(original.Width * keep));
        var cropH = Math.Max(16, (int)(original.Height * keep));
        var x = random.Next(0, original.Width - cropW + 1);
        var y = random.Next(0, original.Height - cropH + 1);
        var scale = 0.6 + random.NextDouble() * 0.4;
        var outW = Math.Max(16, (int)(cropW * scale));
        var outH = Math.Max(16, (int)(cropH * scale));

        using var surface = SKSurface.Create(new SKImageInfo(outW, outH, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var image = SKImage.FromBitmap(original);
        surface.Canvas.DrawImage(image, SKRect.Create(x, y, cropW, cropH), SKRect.Create(0, 0, outW, outH),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 70 + random.Next(0, 26));
        return data.ToArray();
    }
}
