using EdgeLabel.Evaluation.Reporting;
using EdgeLabel.Evaluation.Running;
using EdgeLabel.Evaluation.Tests.Support;

namespace EdgeLabel.Evaluation.Tests.Running;

public class ModelEvaluationSpecs
{
    private static EvaluationOptions DlibOptions(float accept)
    {
        var faces = RepoPaths.DlibFaces;
        var model = RepoPaths.DefaultModel;
        if (!File.Exists(model)) Assert.Fail($"model missing at {model}: run scripts/fetch-model.sh");
        return new EvaluationOptions(faces, [Path.Combine(faces, "training.xml"), Path.Combine(faces, "testing.xml")])
        {
            ModelPath = model,
            ModelId = "blazeface-back-256",
            Accept = accept,
        };
    }

    [Fact]
    public async Task The_default_face_detector_at_accept_0_5_finds_the_dlib_faces_with_high_precision_and_recall()
    {
        var progress = new List<(int, int)>();

        var report = await ModelEvaluation.RunAsync(DlibOptions(0.5f), new Progress(progress), TestContext.Current.CancellationToken);

        var text = new StringWriter();
        EvaluationReportWriter.WriteTable(report, text);
        TestContext.Current.TestOutputHelper?.WriteLine(text.ToString());

        Assert.Equal(9, report.Dataset.ImagesEvaluated);
        Assert.Empty(report.Dataset.Skipped);
        Assert.Equal(43, report.Dataset.TruthBoxes);
        Assert.Equal(3, report.Dataset.ImagesWithoutTruth);
        Assert.StartsWith("427cbbe0fc41", report.Model.Sha256);
        var row = report.RowAt(0.5f)!;
        Assert.True(row.AllImages.Precision >= 0.95, $"precision at 0.5 was {row.AllImages.Precision}");
        Assert.True(row.AllImages.Recall >= 0.9, $"recall at 0.5 was {row.AllImages.Recall}");
        Assert.NotNull(report.Suggestion.Row);
        Assert.True(report.Suggestion.Row.AutoLabelled.Precision >= 0.95);
        Assert.Equal((9, 9), progress[^1]);
    }

    private sealed class Progress(List<(int, int)> seen) : IProgress<(int done, int total)>
    {
        public void Report((int done, int total) value)
        {
            lock (seen) seen.Add(value);
        }
    }
}
