using System.Text.Json;

namespace EdgeLabel.Demo.Terminal;

/// <summary>What crossed the uplink against what the sites saw: the bytes the outboxes uploaded, and the bytes of every
/// image in the dataset (the export's <c>edgelabel-image.size_bytes</c>).</summary>
public sealed record DatasetBytes(long Uploaded, long AllImages)
{
    public static long SumOfImages(string exportedManifest)
    {
        long total = 0;
        foreach (var line in File.ReadLines(exportedManifest))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("edgelabel-image", out var image) && image.TryGetProperty("size_bytes", out var size) &&
                size.TryGetInt64(out var bytes))
                total += bytes;
        }
        return total;
    }

    public double Share => AllImages == 0 ? 0 : (double)Uploaded / AllImages;
}
