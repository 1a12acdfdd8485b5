using EdgeLabel.Evaluation.Tests.Support;
using EdgeLabel.Evaluation.Truth;

namespace EdgeLabel.Evaluation.Tests.Truth;

public class CocoJsonReaderSpecs
{
    private const string Coco = """
        {
          "info": {"description": "tiny"},
          "images": [
            {"id": 1, "file_name": "a.jpg", "width": 640, "height": 480},
            {"id": 2, "file_name": "b.jpg", "width": 320, "height": 240},
            {"id": 3, "file_name": "empty.jpg", "width": 100, "height": 100}
          ],
          "annotations": [
            {"id": 10, "image_id": 1, "category_id": 1, "bbox": [10.5, 20, 30, 40], "iscrowd": 0, "area": 1200},
            {"id": 11, "image_id": 1, "category_id": 3, "bbox": [100, 100, 50, 50], "iscrowd": 1},
            {"id": 12, "image_id": 2, "category_id": 1, "bbox": [1, 2, 3]},
            {"id": 13, "image_id": 99, "category_id": 1, "bbox": [1, 2, 3, 4]}
          ],
          "categories": [{"id": 1, "name": "person"}, {"id": 3, "name": "car"}]
        }
        """;

    [Fact]
    public void Images_boxes_crowds_and_categories_are_read_and_bad_annotations_reported()
    {
        using var temp = new TempFolder();
        var path = temp.Write("instances.json", Coco);

        var set = TruthReader.Read(path);

        Assert.Equal(TruthFormat.CocoJson, Assert.Single(set.Sources).Format);
        Assert.Equal(["a.jpg", "empty.jpg"], set.Images.Select(i => i.FileName));
        var a = set.Images[0];
        Assert.Equal((640, 480), (a.Width, a.Height));
        Assert.Equal(2, a.Boxes.Count);
        Assert.Equal(new TruthBox(1, "person", new(10.5f, 20, 30, 40)), a.Boxes[0]);
        Assert.True(a.Boxes[1].DontCare);
        Assert.Equal("car", a.Boxes[1].ClassName);
        Assert.Empty(set.Images[1].Boxes);
        Assert.Equal(new Dictionary<int, string> { [1] = "person", [3] = "car" }, set.Classes);
        Assert.Equal(2, set.Issues.Count);
        Assert.Contains("annotations[2]", set.Issues[0].Message);
        Assert.Contains("b.jpg", set.Issues[0].Message);
        Assert.Contains("unknown image_id 99", set.Issues[1].Message);
    }

    [Fact]
    public void Format_is_detected_from_content_when_the_extension_is_json()
    {
        using var temp = new TempFolder();
        Assert.Equal(TruthFormat.CocoJson, TruthReader.Detect(temp.Write("x.json", Coco)));
        Assert.Equal(TruthFormat.GroundTruthManifest, TruthReader.Detect(temp.Write("y.json", """{"source-ref":"s3://b/a.jpg"}""")));
        Assert.Equal(TruthFormat.DlibXml, TruthReader.Detect(temp.Write("z.txt", "  <dataset/>")));
        Assert.Equal(TruthFormat.GroundTruthManifest, TruthReader.Detect(temp.Write("w.jsonl", "{}")));
    }
}
