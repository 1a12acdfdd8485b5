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
                return new DatasetExported(project.Name, Path.GetFullPath(directory), images.Count, files, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return new DatasetExported(project.Name, Path.GetFullPath(directory), images.Count, [], $"{e.GetType().Name}: {e.Message}");
            }
        });

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
