using System.Text.Json;
using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Model;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Datasets;

/// <summary>Writes a project's exports under <c>{root}/{project}</c> (the folder is configuration, never a request
/// parameter). Thumbnails for the HTML report are read from the object store the edges upload to.</summary>
public sealed class DatasetExports(string root, IObjectStore? store)
{
    public string DirectoryFor(string project) => Path.Combine(root, project);

    public Task<DatasetExported> WriteAsync(ProjectSettings project, IReadOnlyList<DatasetImage> images, bool includeThumbnails) =>
        Task.Run(() =>
        {
            var directory = DirectoryFor(project.Name);
            try
            {
                Directory.CreateDirectory(directory);
                var files = DatasetExporter.ExportAll(directory, project.Name, project.Categories, images, OpenImage,
                    new DatasetExportOptions { IncludeThumbnails = includeThumbnails });
                return new DatasetExported(project.Name, Path.GetFullPath(directory), images.Count, [.. files, WriteQuality(directory, images)], null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return new DatasetExported(project.Name, Path.GetFullPath(directory), images.Count, [], $"{e.GetType().Name}: {e.Message}");
            }
        });

    /// <summary><c>quality/auto-label-precision.json</c>: the auto-labels' precision per class and model version as the
    /// audits estimate it (Wilson 95% interval), so the estimate travels with the dataset it describes.</summary>
    private static string WriteQuality(string directory, IReadOnlyList<DatasetImage> images)
    {
        var path = Path.Combine(directory, "quality", "auto-label-precision.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = new
        {
            method = $"audited images: machine boxes matched by a human box of the same class at IoU >= {AutoLabelAudit.MatchIoU}, " +
                     "over all audited machine boxes; Wilson score 95% interval",
            auditedImages = images.Count(i => i.Status == ImageStatus.Audited),
            reviewedImages = images.Count(i => i.Status == ImageStatus.Reviewed),
            autoLabeledImages = images.Count(i => i.Status == ImageStatus.AutoLabeled),
            estimates = AutoLabelAudit.Estimate(images).Select(p => new
            {
                @class = p.Class, modelId = p.ModelId, modelVersion = p.ModelVersion, machineBoxes = p.MachineBoxes, matched = p.Matched,
                precision = p.Precision, lower95 = p.Lower, upper95 = p.Upper,
            }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        return Path.GetFullPath(path);
    }

    private Stream? OpenImage(string objectUri)
    {
        if (store is null || !ObjectUri.TryParse(objectUri, out var uri)) return null;
        try
        {
            // Runs on the export's pool thread, never on an actor's.
            return store.GetAsync(uri).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
