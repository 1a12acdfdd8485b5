using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Import;
using EdgeLabel.Dataset.Tests.Support;
using static EdgeLabel.Dataset.Tests.Support.SampleDataset;

namespace EdgeLabel.Dataset.Tests.Export;

/// <summary>An export of thousands of images writes every file and reads back whole. How fast it is is measured by
/// <c>./build.sh bench cloud</c>, not here.</summary>
public class LargeExportSpecs
{
    [Fact]
    public void Labels_of_thousands_of_images_export_completely_without_reading_any_image()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Many(5_000), Categories);
        var options = new DatasetExportOptions { CreatedAt = CreatedAt, IncludeThumbnails = false, MaxReportImages = 200 };

        var files = DatasetExporter.ExportAll(temp.Path, "bulk", Categories, images,
            _ => throw new InvalidOperationException("no image may be read without thumbnails"), options);

        // 2 files per image (YOLO, VOC) + manifest, COCO, classes.txt, report.
        Assert.Equal(2 * images.Count + 4, files.Count);
        Assert.Equal(images.Count, GroundTruthManifestImport.Read(files[0]).Images.Count);
    }
}
