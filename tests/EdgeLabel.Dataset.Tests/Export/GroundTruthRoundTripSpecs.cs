using System.Text.Json;
using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Import;
using EdgeLabel.Dataset.Tests.Support;
using static EdgeLabel.Dataset.Tests.Support.SampleDataset;

namespace EdgeLabel.Dataset.Tests.Export;

public class GroundTruthRoundTripSpecs
{
    [Fact]
    public void Exported_manifest_imports_back_to_the_same_images_boxes_and_classes()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);

        var file = Assert.Single(GroundTruthManifestExport.Write(temp.Path, "street-scenes", "street-scenes", Categories, images, CreatedAt));
        var result = GroundTruthManifestImport.Read(file);

        Assert.Empty(result.Issues);
        Assert.Equal(Categories, result.Categories);
        Assert.Equal(["street-scenes"], result.LabelAttributes);
        Assert.Equal(images, result.Images);
    }

    [Fact]
    public void Each_line_has_the_shape_of_real_ground_truth_job_output()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);
        var file = GroundTruthManifestExport.Write(temp.Path, "category", "edge-auto", Categories, images, CreatedAt)[0];

        var lines = File.ReadAllLines(file);

        Assert.Equal(images.Count, lines.Length);
        using var doc = JsonDocument.Parse(lines[0]);
        var root = doc.RootElement;
        Assert.Equal(images[0].ObjectUri, root.GetProperty("source-ref").GetString());
        var label = root.GetProperty("category");
        var size = Assert.Single(label.GetProperty("image_size").EnumerateArray());
        Assert.Equal((640, 480, 3), (size.GetProperty("width").GetInt32(), size.GetProperty("height").GetInt32(), size.GetProperty("depth").GetInt32()));
        var annotation = label.GetProperty("annotations")[0];
        Assert.Equal(["class_id", "left", "top", "width", "height"], annotation.EnumerateObject().Select(p => p.Name));
        Assert.Equal(10.25, annotation.GetProperty("left").GetDouble());

        var metadata = root.GetProperty("category-metadata");
        Assert.Equal(["objects", "class-map", "type", "human-annotated", "creation-date", "job-name"], metadata.EnumerateObject().Select(p => p.Name));
        Assert.Equal([0.91, 0.77], metadata.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("confidence").GetDouble()));
        Assert.Equal("person", metadata.GetProperty("class-map").GetProperty("0").GetString());
        Assert.Equal("groundtruth/object-detection", metadata.GetProperty("type").GetString());
        Assert.Equal("no", metadata.GetProperty("human-annotated").GetString());
        // Ground Truth's own format: microseconds, no offset (see the real lines in ../shared).
        Assert.Equal("2025-03-04T05:06:07.000000", metadata.GetProperty("creation-date").GetString());
        Assert.Equal("labeling-job/edge-auto", metadata.GetProperty("job-name").GetString());
        Assert.Equal(images[0].ContentId, root.GetProperty("edgelabel-content-id").GetString());
        Assert.Equal(2, root.GetProperty("edgelabel-provenance").GetArrayLength());

        // A reviewed image names the human job and says it is human-annotated.
        using var reviewed = JsonDocument.Parse(lines[1]);
        var reviewedMetadata = reviewed.RootElement.GetProperty("category-metadata");
        Assert.Equal("yes", reviewedMetadata.GetProperty("human-annotated").GetString());
        Assert.Equal("labeling-job/review-2025-03", reviewedMetadata.GetProperty("job-name").GetString());
    }

    [Fact]
    public void A_reserved_label_attribute_is_refused()
    {
        using var temp = new TempFolder();

        Assert.Throws<ArgumentException>(() =>
            GroundTruthManifestExport.Write(temp.Path, "labels-metadata", "job", Categories, Mixed(), CreatedAt));
    }
}
