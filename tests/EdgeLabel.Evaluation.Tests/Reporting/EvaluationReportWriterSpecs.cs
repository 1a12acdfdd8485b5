using System.Text.Json;
using EdgeLabel.Evaluation.Metrics;
using EdgeLabel.Evaluation.Reporting;
using EdgeLabel.Evaluation.Running;
using EdgeLabel.Evaluation.Truth;
using EdgeLabel.Inference.Models;
using static EdgeLabel.Evaluation.Tests.Metrics.Synthetic;

namespace EdgeLabel.Evaluation.Tests.Reporting;

public class EvaluationReportWriterSpecs
{
    private static EvaluationReport Report()
    {
        EvaluatedImage[] images =
        [
            Image("a.jpg", [Face(0), Face(1)], At(0, 0.9f), At(1, 0.85f)),
            Image("b.jpg", [Face(0)], At(0, 0.55f), At(4, 0.52f)),
        ];
        var truth = new GroundTruthSet(images.Select(i => i.Truth).ToList(), new Dictionary<int, string> { [0] = "face" },
            [new TruthIssue("t.xml", 7, "<box> lacks 'top'; image skipped")], [new TruthSource("/x/t.xml", TruthFormat.DlibXml, 2, "dlib XML")]);
        var options = new EvaluationOptions("/x", ["/x/t.xml"]) { Accept = 0.5f };
        return EvaluationReportBuilder.Build(new ModelIdentity("blazeface-back-256", "427cbbe0", "427cbbe0fc41448d09e1"),
            options, truth, images, [new SkippedImage("c.jpg", "missing file: not in /x")], imagesWithoutTruth: 3);
    }

    [Fact]
    public void The_table_states_model_data_skips_rows_and_the_suggestion()
    {
        var text = new StringWriter();

        EvaluationReportWriter.WriteTable(Report(), text);

        var s = text.ToString();
        Assert.Contains("model     blazeface-back-256  version 427cbbe0  sha256 427cbbe0fc41", s);
        Assert.Contains("2 evaluated of 2 annotated; 1 skipped; 3 in the folder have no truth", s);
        Assert.Contains("3 truth boxes (0 don't-care), 4 detections", s);
        Assert.Contains("skipped   c.jpg: missing file", s);
        Assert.Contains("truth     skipped t.xml:7:", s);
        Assert.Contains(" >  0.50", s);
        Assert.Contains("suggested  --accept 0.55 --reject 0.55", s);
        TestContext.Current.TestOutputHelper?.WriteLine(s);
        Assert.Equal(ThresholdGrid.DefaultAccepts.Count, s.Split('\n').Count(l => l.Length > 8 && char.IsDigit(l.TrimStart(' ', '*', '>')[0]) && l.Contains('%')));
    }

    [Fact]
    public void The_json_carries_every_row_with_precision_recall_and_share()
    {
        var json = EvaluationReportWriter.ToJson(Report());

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("blazeface-back-256", root.GetProperty("model").GetProperty("id").GetString());
        Assert.Equal(ThresholdGrid.DefaultAccepts.Count, root.GetProperty("rows").GetArrayLength());
        var row = root.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("accept").GetSingle() == 0.5f);
        Assert.Equal(0.75, row.GetProperty("autoLabelled").GetProperty("precision").GetDouble(), 6);
        Assert.Equal(0, row.GetProperty("shareToHumans").GetDouble());
        Assert.Equal("singleClass", root.GetProperty("settings").GetProperty("classes").GetString());
        Assert.Equal(0.55f, root.GetProperty("suggestion").GetProperty("row").GetProperty("accept").GetSingle());
    }
}
