using System.Security.Cryptography;
using EdgeLabel.Actors.Camera;

namespace EdgeLabel.Benchmarks;

/// <summary>The benchmark's input: N JPEG variants (seeded crop, scale and re-encode) of the real sample photos,
/// alternating between the OpenCV samples and the dlib faces, written once and reused while the count matches.</summary>
public static class EdgeImages
{
    public const int Seed = 20240601;
    private static readonly string[] Sources = [".cache/samples/opencv", ".cache/samples/dlib-faces"];

    public static IReadOnlyList<string> Ensure(string folder, int count)
    {
        var existing = List(folder);
        if (existing.Count != count)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            var variants = Sources.Select(s => PhotoVariants.FromDirectory(s, Seed)).ToArray();
            Console.WriteLine($"generating {count} images into {folder} ...");
            Parallel.For(0, count, i =>
            {
                var path = Path.Combine(folder, $"img-{i:D5}.jpg");
                File.WriteAllBytes(path + ".tmp", variants[i % variants.Length].Make(i / variants.Length));
                File.Move(path + ".tmp", path);
            });
            // The directory camera leaves files younger than its settle time for the next poll; these are complete.
            var past = DateTime.UtcNow - TimeSpan.FromMinutes(1);
            foreach (var file in Directory.EnumerateFiles(folder)) File.SetLastWriteTimeUtc(file, past);
            existing = List(folder);
        }

        // Duplicate bytes would be skipped by the edge site ("already decided") and never reach the expected total.
        var distinct = existing.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Distinct().Count();
        if (distinct != existing.Count)
            throw new InvalidOperationException($"{folder}: only {distinct} of {existing.Count} images are distinct; delete the folder to regenerate");
        return existing;
    }

    public static List<string> List(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "img-*.jpg").Order(StringComparer.Ordinal).ToList()
            : [];
}
