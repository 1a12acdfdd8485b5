using System.Text;
using EdgeLabel.Dataset.Import;
using EdgeLabel.Dataset.Model;
using EdgeLabel.Dataset.Tests.Support;

namespace EdgeLabel.Dataset.Tests.Import;

public class GroundTruthManifestImportSpecs
{
    // Same shape as a real job's output line (custom attribute "category", floats, labeling-job/ prefix); the real
    // lines are checked below when ../shared is present.
    private const string GoodLine =
        """{"source-ref":"s3://bucket/od/images/a.jpg","category":{"image_size":[{"width":680,"height":1024,"depth":3}],"annotations":[{"class_id":0,"top":164.60000000000002,"left":138.8,"height":859,"width":443.8}]},"category-metadata":{"objects":[{"confidence":0.93}],"class-map":{"0":"Bird"},"type":"groundtruth/object-detection","human-annotated":"yes","creation-date":"2022-09-12T09:51:00.148118","job-name":"labeling-job/od-demo-1662974840"}}""";

    private static GroundTruthImportResult Import(params string[] lines) =>
        GroundTruthManifestImport.Parse(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    [Fact]
    public void Progress_tells_the_lines_read_of_the_manifest_line_count_including_skipped_lines()
    {
        var progress = new Recorded<(int Done, int Total)>();

        GroundTruthManifestImport.Parse(Encoding.UTF8.GetBytes(GoodLine + "\n{ not json\n\n" + GoodLine.Replace("a.jpg", "b.jpg")), linesRead: progress);

        // Line 3 is empty, so the reader never yields it; the last line has no newline and still counts.
        Assert.Equal([(1, 4), (2, 4), (4, 4), (4, 4)], progress.Reports);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("{}", 1)]
    [InlineData("{}\n", 1)]
    [InlineData("{}\n{}", 2)]
    [InlineData("{}\n\n{}\n", 3)]
    public void The_line_count_is_the_number_of_the_last_line(string manifest, int lines) =>
        Assert.Equal(lines, GroundTruthManifestImport.LineCount(Encoding.UTF8.GetBytes(manifest)));

    [Fact]
    public void The_three_real_job_output_lines_import_with_human_provenance()
    {
        var path = RepoPaths.RealGroundTruthLines;
        Assert.SkipUnless(File.Exists(path), $"../shared is not beside this clone ({path} is missing); the self-written lines in this class carry the format assertions");

        var result = GroundTruthManifestImport.Read(path);

        Assert.Empty(result.Issues);
        Assert.Equal(3, result.Images.Count);
        Assert.Equal([1, 3, 2], result.Images.Select(i => i.Boxes.Count));
        Assert.Equal(["Bird"], result.Categories);
        Assert.Equal(["category"], result.LabelAttributes);

        var first = result.Images[0];
        Assert.Equal("s3://rns-groundtruth-bucket/ground-truth-od-full-demo/images/000062a39995e348.jpg", first.ObjectUri);
        Assert.Equal(ContentIds.OfText(first.ObjectUri), first.ContentId);
        Assert.Equal((680, 1024), (first.Width, first.Height));
        Assert.Equal(ImageStatus.Reviewed, first.Status);
        Assert.Equal(new DateTimeOffset(2022, 9, 12, 9, 51, 0, TimeSpan.Zero).AddTicks(1481180), first.CapturedAt);
        var box = Assert.Single(first.Boxes);
        Assert.Equal((0, "Bird"), (box.ClassId, box.Label));
        // Float coordinates are kept exactly as written.
        Assert.Equal((138.8, 164.60000000000002, 443.8, 859.0), (box.Left, box.Top, box.Width, box.Height));
        Assert.Equal(BoxProvenance.Human("ground-truth-od-demo-1662974840", [], 0.93), box.Provenance);

        Assert.Equal([0.94, 0.32], result.Images[2].Boxes.Select(b => b.Provenance.Score!.Value));
        Assert.Equal(72.25, result.Images[1].Boxes[1].Width);
    }

    [Fact]
    public void Malformed_lines_are_reported_with_their_line_numbers_and_the_rest_kept()
    {
        var result = Import(
            GoodLine,                                                                                      // 1
            """{"source-ref":"s3://b/broken.jpg", "category": {""",                                        // 2: bad JSON
            "",                                                                                            // 3: blank, ignored
            """{"category":{"annotations":[]},"category-metadata":{"type":"groundtruth/object-detection"}}""", // 4: no source-ref
            """{"source-ref":"s3://b/nolabel.jpg","other":{"x":1}}""",                                     // 5: no label attribute
            GoodLine.Replace("a.jpg", "badnum.jpg").Replace("\"left\":138.8", "\"left\":\"138.8\""),          // 6: number as string
            GoodLine.Replace("a.jpg", "nosize.jpg").Replace("\"image_size\":[{\"width\":680,\"height\":1024,\"depth\":3}],", ""), // 7
            GoodLine.Replace("a.jpg", "b.jpg"));                                                           // 8

        Assert.Equal(["s3://bucket/od/images/a.jpg", "s3://bucket/od/images/b.jpg"], result.Images.Select(i => i.ObjectUri));
        Assert.Equal([2, 4, 5, 6, 7], result.Issues.Select(i => i.Line));
        Assert.Contains("not valid JSON", result.Issues[0].Message);
        Assert.Contains("source-ref", result.Issues[1].Message);
        Assert.Contains("nolabel.jpg", result.Issues[2].Message);
        Assert.Contains("annotations[0]", result.Issues[3].Message);
        Assert.Contains("image_size", result.Issues[4].Message);
        Assert.All(result.Issues, i => Assert.EndsWith("line skipped", i.Message));
    }

    [Fact]
    public void A_given_label_attribute_is_used_and_a_missing_one_is_reported()
    {
        var found = GroundTruthManifestImport.Parse(Encoding.UTF8.GetBytes(GoodLine), labelAttribute: "category");
        var missing = GroundTruthManifestImport.Parse(Encoding.UTF8.GetBytes(GoodLine), labelAttribute: "bounding-box");

        Assert.Single(found.Images);
        Assert.Empty(missing.Images);
        Assert.Contains("no label attribute 'bounding-box'", Assert.Single(missing.Issues).Message);
    }

    [Fact]
    public void The_content_id_comes_from_the_edgelabel_key_when_present_and_a_repeated_image_keeps_the_first()
    {
        var id = ContentIds.OfText("the image bytes");
        var withId = GoodLine.Insert(1, $"\"edgelabel-content-id\":\"{id}\",");

        var result = Import(withId, GoodLine, GoodLine, GoodLine.Insert(1, "\"edgelabel-content-id\":\"../../etc\","));

        Assert.Equal([id, ContentIds.OfText("s3://bucket/od/images/a.jpg")], result.Images.Select(i => i.ContentId));
        Assert.Equal([3, 4], result.Issues.Select(i => i.Line));
        Assert.Contains("appears again", result.Issues[0].Message);
        Assert.Contains("not a lowercase SHA-256", result.Issues[1].Message);
    }

    [Fact]
    public void Boxes_outside_the_image_are_clipped_and_a_box_left_with_nothing_is_dropped_but_its_line_kept()
    {
        var line = GoodLine.Replace(
            """[{"class_id":0,"top":164.60000000000002,"left":138.8,"height":859,"width":443.8}]""",
            """[{"class_id":0,"top":1000,"left":600,"height":100,"width":100},{"class_id":0,"top":10,"left":700,"height":5,"width":5}]""")
            .Replace("""[{"confidence":0.93}]""", """[{"confidence":0.9},{"confidence":0.8}]""");

        var result = Import(line);

        var box = Assert.Single(Assert.Single(result.Images).Boxes);
        Assert.Equal((600.0, 1000.0, 80.0, 24.0), (box.Left, box.Top, box.Width, box.Height));
        var issue = Assert.Single(result.Issues);
        Assert.Equal(1, issue.Line);
        Assert.Contains("annotations[1] dropped: zero area", issue.Message);
    }

    [Fact]
    public void Human_annotated_no_lines_get_machine_provenance_and_the_auto_labeled_status()
    {
        var result = Import(GoodLine.Replace("\"human-annotated\":\"yes\"", "\"human-annotated\":\"no\""));

        var image = Assert.Single(result.Images);
        Assert.Equal(ImageStatus.AutoLabeled, image.Status);
        var provenance = Assert.Single(image.Boxes).Provenance;
        Assert.Equal((BoxProvenance.MachineSource, GroundTruthManifestImport.AutoLabelingModelId, 0.93),
            (provenance.Source, provenance.ModelId, provenance.Score!.Value));
    }

    [Fact]
    public void The_pretty_printed_developer_guide_example_with_a_sparse_class_map_is_read()
    {
        var result = GroundTruthManifestImport.Parse(Encoding.UTF8.GetBytes("""
            {
                "source-ref": "s3://bucket/example_image.png",
                "bounding-box": {
                    "image_size": [{ "width": 500, "height": 400, "depth":3}],
                    "annotations": [
                        {"class_id": 0, "left": 111, "top": 134, "width": 61, "height": 128},
                        {"class_id": 5, "left": 161, "top": 250, "width": 30, "height": 30}
                    ]
                },
                "bounding-box-metadata": {
                    "objects": [{"confidence": 0.8}, {"confidence": 0.9}],
                    "class-map": { "0": "dog", "5": "bone" },
                    "type": "groundtruth/object-detection",
                    "human-annotated": "yes",
                    "job-name": "identify-dogs-and-toys"
                }
            }
            """));

        Assert.Empty(result.Issues);
        var image = Assert.Single(result.Images);
        Assert.Equal(["dog", "bone"], image.Boxes.Select(b => b.Label));
        Assert.Equal(6, result.Categories.Count);
        Assert.Equal("bone", result.Categories[5]);
        Assert.Equal("identify-dogs-and-toys", image.Boxes[0].Provenance.JobName);
    }
}
