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
