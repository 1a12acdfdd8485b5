using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Import;
using EdgeLabel.Terminal;

namespace EdgeLabel.CloudNode.Commands;

/// <summary><c>dataset import-gt FILE</c>: reads a Ground Truth object-detection output manifest, reports every skipped
/// line with its number, and writes the labels in every export format.</summary>
public static class ImportGroundTruthCommand
{
    public static int Run(string manifest, string project, string outDirectory, string? labelAttribute)
    {
        if (!File.Exists(manifest)) throw new FileNotFoundException($"manifest not found: {manifest}", manifest);
        var reading = ProgressBar.OnStandardError("import-gt", "lines");
        var result = GroundTruthManifestImport.Read(manifest, labelAttribute, reading);
        reading.Complete($"{result.Images.Count} image(s) read, {result.Issues.Count} issue(s)");
        foreach (var issue in result.Issues) Console.Error.WriteLine($"{manifest}: {issue}");
        if (result.Images.Count == 0)
        {
            Console.Error.WriteLine($"error: no readable line in {manifest}");
            return 1;
        }
        var writing = ProgressBar.OnStandardError("export", "image entries");
        var files = DatasetExporter.ExportAll(outDirectory, project, result.Categories, result.Images, _ => null,
            new DatasetExportOptions { IncludeThumbnails = false, LabelAttribute = labelAttribute ?? result.LabelAttributes.FirstOrDefault() },
            writing.For<DatasetExportProgress>(p => (p.EntriesWritten, p.TotalEntries, $"{p.Format} ({p.Step} of {p.Steps} formats)")));
        writing.Complete($"{result.Images.Count} image(s) in {files.Count} file(s)");
        Console.Out.WriteLine($"imported {result.Images.Count} image(s), {result.Images.Sum(i => i.Boxes.Count)} box(es), " +
                              $"classes [{result.Categories}], {result.Issues.Count} issue(s); wrote {files.Count} file(s) under {Path.GetFullPath(outDirectory)}");
        return 0;
    }
}
