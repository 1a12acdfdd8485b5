using System.Text.Json;

namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>One line of a dataset export's Ground Truth <c>output.manifest</c>, as the cluster tests check it.</summary>
internal sealed record ManifestImage(string ContentId, string SourceRef, string Site, string Camera, string Status,
    int Annotations, IReadOnlyList<double?> Confidences, IReadOnlyList<ManifestProvenance> Provenance, string Line);

internal sealed record ManifestProvenance(string? Source, string? ModelId, string? ModelVersion, double? Score);

/// <summary>Reads <c>groundtruth/output.manifest</c> of a cloud export.</summary>
internal sealed class ExportedManifest
{
    private ExportedManifest(string file, IReadOnlyList<ManifestImage> images)
    {
        File = file;
        Images = images;
    }

    public string File { get; }

    public IReadOnlyList<ManifestImage> Images { get; }

    public int Count => Images.Count;

    public int UniqueContentIds => Images.Select(i => i.ContentId).Distinct(StringComparer.Ordinal).Count();

    public int OfSite(string site) => Images.Count(i => i.Site == site);

    public int OfSite(string site, string status) => Images.Count(i => i.Site == site && i.Status == status);

    public static ExportedManifest Read(DatasetExportedJson export)
    {
        var file = export.Files.FirstOrDefault(f => Path.GetFileName(f) == "output.manifest")
                   ?? Path.Combine(export.Directory, "groundtruth", "output.manifest");
        Assert.True(System.IO.File.Exists(file), $"the export names no readable output.manifest: {file} (files: {string.Join(", ", export.Files)})");
        var images = new List<ManifestImage>();
        foreach (var line in System.IO.File.ReadLines(file))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            // The label attribute is the key whose "-metadata" twin exists.
            var attribute = root.EnumerateObject().Select(p => p.Name)
                .Single(n => !n.EndsWith("-metadata", StringComparison.Ordinal) && root.TryGetProperty(n + "-metadata", out _));
            var image = root.GetProperty("edgelabel-image");
            var confidences = root.GetProperty(attribute + "-metadata").GetProperty("objects").EnumerateArray()
                .Select(o => o.TryGetProperty("confidence", out var c) ? c.GetDouble() : (double?)null).ToArray();
            var provenance = root.GetProperty("edgelabel-provenance").EnumerateArray().Select(p => new ManifestProvenance(
                Text(p, "source"), Text(p, "model_id"), Text(p, "model_version"),
                p.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null)).ToArray();
            images.Add(new ManifestImage(
                root.GetProperty("edgelabel-content-id").GetString()!,
                root.GetProperty("source-ref").GetString()!,
                image.GetProperty("site").GetString()!,
                image.GetProperty("camera").GetString()!,
                image.GetProperty("status").GetString()!,
                root.GetProperty(attribute).GetProperty("annotations").GetArrayLength(),
                confidences, provenance, line));
        }
        return new ExportedManifest(file, images);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
