using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Import;
using EdgeLabel.Dataset.Tests.Support;
using static EdgeLabel.Dataset.Tests.Support.SampleDataset;

namespace EdgeLabel.Dataset.Tests.Export;

public class DatasetExporterSpecs
{
    private static readonly DatasetExportOptions NoThumbnails = new() { CreatedAt = CreatedAt, IncludeThumbnails = false };

    [Fact]
    public void Every_format_is_written_into_its_own_folder()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);

        var files = DatasetExporter.ExportAll(temp.Path, "street", Categories, images, _ => null, NoThumbnails);

        Assert.All(files, f => Assert.True(File.Exists(f), f));
        Assert.Contains(Path.Combine(temp.Path, "groundtruth", "output.manifest"), files);
        Assert.Contains(Path.Combine(temp.Path, "coco", "annotations.json"), files);
        Assert.Contains(Path.Combine(temp.Path, "yolo", "classes.txt"), files);
        Assert.Equal(images.Count, files.Count(f => f.StartsWith(Path.Combine(temp.Path, "yolo", "labels"))));
        Assert.Equal(images.Count, files.Count(f => f.StartsWith(Path.Combine(temp.Path, "voc", "Annotations"))));
        Assert.Contains(Path.Combine(temp.Path, "report", "index.html"), files);
        Assert.Equal(images.ToHashSet(), GroundTruthManifestImport.Read(files[0]).Images.ToHashSet());
    }

    [Fact]
    public void Progress_counts_every_image_of_every_format_once_and_never_steps_back()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);
        var progress = new Recorded<DatasetExportProgress>();

        DatasetExporter.ExportAll(temp.Path, "street", Categories, images, _ => null, NoThumbnails, progress);

        var reports = progress.Reports;
        Assert.Equal(["groundtruth", "coco", "yolo", "voc", "report"], reports.Select(r => r.Format).Distinct());
        Assert.All(reports, r => Assert.Equal((5, images.Count), (r.Steps, r.Images)));
        // The streamed formats report each image as it is written; the others when they start and end.
        Assert.Equal(Enumerable.Range(0, images.Count + 1), reports.Where(r => r.Format == "yolo").Select(r => r.ImagesWritten));
        Assert.Equal([0, images.Count], reports.Where(r => r.Format == "coco").Select(r => r.ImagesWritten));
        Assert.Equal(reports.Select(r => r.EntriesWritten).Order(), reports.Select(r => r.EntriesWritten));
        Assert.Equal(5L * images.Count, reports[^1].EntriesWritten);
        Assert.Equal(reports[^1].TotalEntries, reports[^1].EntriesWritten);
    }

    [Fact]
    public void The_same_images_in_another_order_give_identical_files()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);

        var first = DatasetExporter.ExportAll(a.Path, "street", Categories, images, _ => null, NoThumbnails);
        var second = DatasetExporter.ExportAll(b.Path, "street", Categories, images.Reverse(), _ => null, NoThumbnails);

        Assert.Equal(first.Select(f => Path.GetRelativePath(a.Path, f)), second.Select(f => Path.GetRelativePath(b.Path, f)));
        Assert.All(first.Zip(second), pair => Assert.Equal(File.ReadAllBytes(pair.First), File.ReadAllBytes(pair.Second)));
    }

    [Fact]
    public void A_content_id_that_is_not_a_sha256_or_appears_twice_is_refused_before_anything_is_written()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);

        Assert.Throws<ArgumentException>(() => DatasetExporter.ExportAll(temp.Path, "p", Categories,
            [images[0] with { ContentId = "../../evil" }], _ => null, NoThumbnails));
        Assert.Throws<ArgumentException>(() => DatasetExporter.ExportAll(temp.Path, "p", Categories,
            [images[0], images[0]], _ => null, NoThumbnails));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }
}
