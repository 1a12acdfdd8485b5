using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Import;

namespace EdgeLabel.CloudNode.Commands;

/// <summary><c>dataset import-gt FILE</c>: reads a Ground Truth object-detection output manifest, reports every skipped
/// line with its number, and writes the labels in every export format.</summary>
public static class ImportGroundTruthCommand
{
    public static int Run(string manifest, string project, string outDirectory, string? labelAttribute)
    {
        if (!File.Exists(manifest)) throw new FileNotFoundException($"manifest not found: {manifest}", manifest);
        var result = GroundTruthManifestImport.Read(manifest, labelAttribute);
        foreach (var issue in result.Issues) Console.Error.WriteLine($"{manifest}: {issue}");
        if (result.Images.Count == 0)
        {
            Console.Error.WriteLine($"error: no readable line in {manifest}");
            return 1;
        }
        var files = DatasetExporter.ExportAll(outDirectory, project, result.Categories, result.Images, _ => null,
            new DatasetExportOptions { IncludeThumbnails = false, LabelAttribute = labelAttribute ?? result.LabelAttributes.FirstOrDefault() });
        Console.Out.WriteLine($"imported {result.Images.Count} image(s), {result.Images.Sum(i => i.Boxes.Count)} box(es), " +
                              $"classes [{result.Categories}], {result.Issues.Count} issue(s); wrote {files.Count} file(s) under {Path.GetFullPath(outDirectory)}");
        return 0;
    }
}
