using EdgeLabel.Evaluation.Tests.Support;
using EdgeLabel.Evaluation.Truth;

namespace EdgeLabel.Evaluation.Tests.Truth;

public class GroundTruthManifestReaderSpecs
{
    // Same shape as a real job's output: custom label attribute "category", float coordinates, labeling-job/ prefix.
    private const string Line1 =
        """{"source-ref":"s3://bucket/od/images/000062a39995e348.jpg","category":{"image_size":[{"width":680,"height":1024,"depth":3}],"annotations":[{"class_id":0,"top":164.60000000000002,"left":138.8,"height":859,"width":443.8}]},"category-metadata":{"objects":[{"confidence":0.93}],"class-map":{"0":"Bird"},"type":"groundtruth/object-detection","human-annotated":"yes","creation-date":"2022-09-12T09:51:00.148118","job-name":"labeling-job/od-demo-1662974840"}}""";

    private const string Line2 =
        """{"source-ref":"s3://bucket/od/images/0174257f1957d522.jpg","category":{"image_size":[{"width":1024,"height":683,"depth":3}],"annotations":[{"class_id":0,"top":74.79999999999995,"left":289.6,"height":503.00000000000006,"width":652},{"class_id":0,"top":534,"left":677,"height":51,"width":46}]},"category-metadata":{"objects":[{"confidence":0.94},{"confidence":0.32}],"class-map":{"0":"Bird"},"type":"groundtruth/object-detection","human-annotated":"yes","creation-date":"2022-09-12T09:57:48.647724","job-name":"labeling-job/od-demo-1662974840"}}""";

    [Fact]
    public void Lines_with_a_custom_label_attribute_and_float_coordinates_are_read()
    {
        using var temp = new TempFolder();
        var path = temp.Write("output.manifest", Line1 + "\n" + Line2 + "\n");

        var set = TruthReader.Read(path);

        Assert.Equal(2, set.Images.Count);
        Assert.Empty(set.Issues);
        var first = set.Images[0];
        Assert.Equal("000062a39995e348.jpg", first.FileName);
        Assert.Equal((680, 1024), (first.Width, first.Height));
        var box = Assert.Single(first.Boxes);
        Assert.Equal(0, box.ClassId);
        Assert.Equal("Bird", box.ClassName);
        Assert.Equal(138.8f, box.Box.Left, 3);
        Assert.Equal(164.6f, box.Box.Top, 3);
        Assert.Equal(443.8f, box.Box.Width, 3);
        Assert.Equal(2, set.Images[1].Boxes.Count);
        Assert.Equal(new Dictionary<int, string> { [0] = "Bird" }, set.Classes);
        var source = Assert.Single(set.Sources);
        Assert.Equal(TruthFormat.GroundTruthManifest, source.Format);
        Assert.Contains("'category'", source.Description);
        Assert.Contains("labeling-job/od-demo-1662974840", source.Description);
    }

    [Fact]
    public void Malformed_lines_are_skipped_with_their_line_numbers_and_the_rest_kept()
    {
        using var temp = new TempFolder();
        var path = temp.Write("output.manifest", string.Join("\n",
            Line1,
            """{"source-ref":"s3://b/broken.jpg", "category": {""",
            "",
            """{"source-ref":"s3://b/nolabel.jpg","other":{"x":1}}""",
            """{"source-ref":"s3://b/badbox.jpg","category":{"annotations":[{"class_id":0,"left":"1","top":2,"width":3,"height":4}]},"category-metadata":{"type":"groundtruth/object-detection"}}""",
            Line2));

        var set = GroundTruthManifestReader.Read(path);

        Assert.Equal(["000062a39995e348.jpg", "0174257f1957d522.jpg"], set.Images.Select(i => i.FileName));
        Assert.Equal([2, 4, 5], set.Issues.Select(i => i.Line));
        Assert.Contains("not valid JSON", set.Issues[0].Message);
        Assert.Contains("nolabel.jpg", set.Issues[1].Message);
        Assert.Contains("annotations[0]", set.Issues[2].Message);
    }

    [Fact]
    public void A_pretty_printed_object_with_the_bounding_box_attribute_is_read_too()
    {
        using var temp = new TempFolder();
        var path = temp.Write("example.json", """
            {
                "source-ref": "s3://bucket/example_image.png",
                "bounding-box":
                {
                    "image_size": [{ "width": 500, "height": 400, "depth":3}],
                    "annotations":
                    [
                        {"class_id": 0, "left": 111, "top": 134, "width": 61, "height": 128},
                        {"class_id": 5, "left": 161, "top": 250, "width": 30, "height": 30}
                    ]
                },
                "bounding-box-metadata":
                {
                    "objects": [{"confidence": 0.8}, {"confidence": 0.9}],
                    "class-map": { "0": "dog", "5": "bone" },
                    "type": "groundtruth/object-detection",
                    "human-annotated": "yes",
                    "job-name": "identify-dogs-and-toys"
                }
            }
            """);

        var set = TruthReader.Read(path);

        var image = Assert.Single(set.Images);
        Assert.Equal("example_image.png", image.FileName);
        Assert.Equal([0, 5], image.Boxes.Select(b => b.ClassId));
        Assert.Equal(new Dictionary<int, string> { [0] = "dog", [5] = "bone" }, set.Classes);
        Assert.Empty(set.Issues);
    }

    [Fact]
    public void The_real_job_output_lines_are_read_when_the_shared_folder_is_present()
    {
        // Optional extra check against the verbatim real lines; the mandatory assertions use the self-written copy above.
        var path = Path.Combine(RepoPaths.Root, "..", "shared", "reference", "ground-truth", "od_output_manifest_yolov5_sample.jsonl");
        Assert.SkipUnless(File.Exists(path), "../shared is not beside this clone; the self-written lines above carry the mandatory assertions");

        var set = TruthReader.Read(path);

        Assert.Equal(3, set.Images.Count);
        Assert.Equal(6, set.CountedBoxes);
        Assert.Empty(set.Issues);
        Assert.Contains("labeling-job/", set.Sources[0].Description);
    }
}
