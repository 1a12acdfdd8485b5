using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Export;

/// <summary>Writes the dataset in every format at once, each into its own folder under one directory:
/// <c>groundtruth/output.manifest</c>, <c>coco/annotations.json</c>, <c>yolo/classes.txt</c> + <c>yolo/labels/</c>,
/// <c>voc/Annotations/</c>, <c>report/index.html</c> + <c>report/thumbnails/</c>.</summary>
/// <remarks>Images are written ordered by content id, so the same dataset always gives the same files and COCO ids,
/// whatever order the caller holds them in. Boxes are written as given: validate them with
/// <see cref="BoxValidation"/> when they enter the dataset. Label files are streamed; only the report reads images.</remarks>
public static class DatasetExporter
{
    public const string GroundTruthFolder = "groundtruth";
    public const string CocoFolder = "coco";
    public const string YoloFolder = "yolo";
    public const string VocFolder = "voc/Annotations";
    public const string ReportFolder = "report";

    /// <param name="directory">Created when missing; existing files of the same names are overwritten.</param>
    /// <param name="project">The project's name: report title, COCO description, default label attribute and job name.</param>
    /// <param name="openImage">Opens an image by its object URI for a thumbnail; null (or a throw) when it is unavailable.</param>
    /// <param name="progress">Told, on the writing thread, how far each format is (per image where a format streams them).</param>
    /// <returns>Every file written, full paths.</returns>
    /// <exception cref="ArgumentException">A content id is not a SHA-256 hex string, appears twice, or the label attribute is reserved.</exception>
    public static IReadOnlyList<string> ExportAll(string directory, string project, LabelCategories categories,
        IEnumerable<DatasetImage> images, Func<string, Stream?> openImage, DatasetExportOptions? options = null,
        IProgress<DatasetExportProgress>? progress = null)
    {
        options ??= new DatasetExportOptions();
        var ordered = images.OrderBy(i => i.ContentId, StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            ContentIds.Require(ordered[i].ContentId);
            if (i > 0 && ordered[i].ContentId == ordered[i - 1].ContentId)
                throw new ArgumentException($"content id {ordered[i].ContentId} appears twice", nameof(images));
        }
        var createdAt = options.CreatedAt ?? DateTimeOffset.UtcNow;
        var step = new ExportSteps(ordered, progress);
        var written = new List<string>();
        written.AddRange(step.Streamed(GroundTruthFolder, counted => GroundTruthManifestExport.Write(Path.Combine(directory, GroundTruthFolder),
            options.LabelAttribute ?? project, options.JobName ?? project, categories, counted, createdAt)));
        written.AddRange(step.Whole(CocoFolder, () => CocoExport.Write(Path.Combine(directory, CocoFolder), project, categories, ordered, createdAt)));
        written.AddRange(step.Streamed(YoloFolder, counted => YoloExport.Write(Path.Combine(directory, YoloFolder), categories, counted)));
        written.AddRange(step.Streamed("voc", counted => VocExport.Write(Path.Combine(directory, VocFolder), project, categories, counted)));
        written.AddRange(step.Whole(ReportFolder, () => HtmlReportExport.Write(Path.Combine(directory, ReportFolder), project, categories, ordered, openImage,
            options.MaxReportImages, options.IncludeThumbnails ? options.MaxThumbnails : 0, options.ThumbnailSize)));
        return written;
    }

    /// <summary>The formats written one after the other, each telling <see cref="DatasetExportProgress"/>.</summary>
    private sealed class ExportSteps(IReadOnlyList<DatasetImage> images, IProgress<DatasetExportProgress>? progress)
    {
        private const int Formats = 5;
        private int _step;

        /// <summary>A format that takes the images one by one: progress per image it has written.</summary>
        public IReadOnlyList<string> Streamed(string format, Func<IEnumerable<DatasetImage>, IReadOnlyList<string>> write)
        {
            var step = ++_step;
            return write(Counted(format, step));
        }

        /// <summary>A format that needs the whole list (several passes): progress when it starts and ends.</summary>
        public IReadOnlyList<string> Whole(string format, Func<IReadOnlyList<string>> write)
        {
            var step = ++_step;
            progress?.Report(new DatasetExportProgress(format, step, Formats, 0, images.Count));
            var files = write();
            progress?.Report(new DatasetExportProgress(format, step, Formats, images.Count, images.Count));
            return files;
        }

        // The writer asks for the next image once it is done with the previous one.
        private IEnumerable<DatasetImage> Counted(string format, int step)
        {
            progress?.Report(new DatasetExportProgress(format, step, Formats, 0, images.Count));
            for (var i = 0; i < images.Count; i++)
            {
                yield return images[i];
                progress?.Report(new DatasetExportProgress(format, step, Formats, i + 1, images.Count));
            }
        }
    }
}
