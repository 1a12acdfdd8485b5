using System.Text.Json;
using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Model;
using EdgeLabel.Dataset.Tests.Support;
using static EdgeLabel.Dataset.Tests.Support.SampleDataset;

namespace EdgeLabel.Dataset.Tests.Export;

/// <summary>The checks pycocotools' COCO() index and a careful validator make, written out.</summary>
public class CocoExportSpecs
{
    [Fact]
    public void The_file_passes_the_coco_consistency_checks()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(CocoExport.Write(temp.Path, "street", Categories, images, CreatedAt)[0]));
        var root = doc.RootElement;

        var cocoImages = root.GetProperty("images").EnumerateArray().ToList();
        var annotations = root.GetProperty("annotations").EnumerateArray().ToList();
        var categories = root.GetProperty("categories").EnumerateArray().ToList();
        var imageById = cocoImages.ToDictionary(i => i.GetProperty("id").GetInt64());          // throws on a duplicate id
        var categoryIds = categories.Select(c => c.GetProperty("id").GetInt64()).ToHashSet();

        Assert.Equal(cocoImages.Count, imageById.Count);
        Assert.Equal(categories.Count, categoryIds.Count);
        Assert.Equal(annotations.Count, annotations.Select(a => a.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Equal(images.Sum(i => i.Boxes.Count), annotations.Count);
        Assert.Equal(Enumerable.Range(1, cocoImages.Count).Select(i => (long)i), imageById.Keys.Order());
        Assert.Equal(Enumerable.Range(1, annotations.Count).Select(i => (long)i), annotations.Select(a => a.GetProperty("id").GetInt64()));
        Assert.Equal(Categories, categories.OrderBy(c => c.GetProperty("id").GetInt64()).Select(c => c.GetProperty("name").GetString()));

        foreach (var a in annotations)
        {
            Assert.True(imageById.TryGetValue(a.GetProperty("image_id").GetInt64(), out var image), "annotation's image_id exists");
            Assert.Contains(a.GetProperty("category_id").GetInt64(), categoryIds);
            var bbox = a.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(4, bbox.Length);
            Assert.All(bbox, v => Assert.True(v >= 0, $"bbox value {v} is negative"));
            Assert.True(bbox[2] > 0 && bbox[3] > 0, "bbox has a size");
            Assert.True(bbox[0] + bbox[2] <= image.GetProperty("width").GetInt32(), "bbox within the image width");
            Assert.True(bbox[1] + bbox[3] <= image.GetProperty("height").GetInt32(), "bbox within the image height");
            Assert.Equal(bbox[2] * bbox[3], a.GetProperty("area").GetDouble());
            Assert.Equal(0, a.GetProperty("iscrowd").GetInt32());
            Assert.True(a.GetProperty("edgelabel_provenance").TryGetProperty("source", out _));
        }
    }

    [Fact]
    public void Annotations_carry_each_images_boxes_with_category_id_one_above_the_class_id()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(CocoExport.Write(temp.Path, "street", Categories, images, CreatedAt)[0]));

        var contentIdById = doc.RootElement.GetProperty("images").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetInt32(), i => i.GetProperty("edgelabel_content_id").GetString()!);
        var written = doc.RootElement.GetProperty("annotations").EnumerateArray()
            .Select(a => (contentIdById[a.GetProperty("image_id").GetInt32()], a.GetProperty("category_id").GetInt32() - 1,
                Bbox(a.GetProperty("bbox")),
                a.GetProperty("edgelabel_provenance").GetProperty("source").GetString()!));
        var expected = images.SelectMany(i => i.Boxes.Select(b => (i.ContentId, b.ClassId, (b.Left, b.Top, b.Width, b.Height), b.Provenance.Source)));

        Assert.Equal(expected, written);
        Assert.Equal("edgelabel/site-1/cam-1/2025/03/04/" + IdOf(1) + ".jpg",
            doc.RootElement.GetProperty("images")[0].GetProperty("file_name").GetString());
    }

    private static (double, double, double, double) Bbox(JsonElement bbox) =>
        (bbox[0].GetDouble(), bbox[1].GetDouble(), bbox[2].GetDouble(), bbox[3].GetDouble());
}
