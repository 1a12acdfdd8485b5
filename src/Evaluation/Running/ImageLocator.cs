using EdgeLabel.Evaluation.Truth;

namespace EdgeLabel.Evaluation.Running;

/// <summary>Finds the local file of an annotated image.</summary>
public static class ImageLocator
{
    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>([".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Tries, in order: the name as given under the images folder; its bare file name there (Ground Truth
    /// names S3 objects, whose prefixes mean nothing locally); the name relative to the truth file's folder.</summary>
    public static string? Find(TruthImage image, string imagesDirectory)
    {
        var candidates = new List<string>
        {
            Path.Combine(imagesDirectory, image.FileName),
            Path.Combine(imagesDirectory, Path.GetFileName(image.FileName)),
        };
        if (image.BaseDirectory is { } baseDirectory) candidates.Add(Path.Combine(baseDirectory, image.FileName));
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Image files directly in the folder that the truth does not mention: worth a line in the report, since
    /// an image without truth is not a negative and is not evaluated.</summary>
    public static int CountUnannotated(string imagesDirectory, GroundTruthSet truth)
    {
        if (!Directory.Exists(imagesDirectory)) return 0;
        var named = truth.Images.Select(i => Path.GetFileName(i.FileName)).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(imagesDirectory)
            .Count(f => ImageExtensions.Contains(Path.GetExtension(f)) && !named.Contains(Path.GetFileName(f)));
    }
}
