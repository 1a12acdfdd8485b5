using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeLabel.Evaluation.Metrics;

namespace EdgeLabel.Evaluation.Reporting;

/// <summary>Writes an <see cref="EvaluationReport"/> as a text table for people or as JSON for tools.</summary>
public static class EvaluationReportWriter
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string ToJson(EvaluationReport report) => JsonSerializer.Serialize(report, JsonOptions);

    public static Task WriteJsonAsync(EvaluationReport report, Stream stream, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, report, JsonOptions, cancellationToken);

    public static void WriteTable(EvaluationReport report, TextWriter w)
    {
        var d = report.Dataset;
        var s = report.Settings;
        var m = report.Model;
        w.WriteLine($"model     {m.Id}  version {m.Version}  sha256 {m.Sha256[..Math.Min(12, m.Sha256.Length)]}");
        w.WriteLine($"truth     {string.Join("; ", d.Sources.Select(x => $"{Path.GetFileName(x.Path)} ({x.Description}, {x.Images} images)"))}");
        w.WriteLine($"images    {d.ImagesEvaluated} evaluated of {d.ImagesInTruth} annotated; {d.Skipped.Count} skipped" +
                    (d.ImagesWithoutTruth > 0 ? $"; {d.ImagesWithoutTruth} in the folder have no truth (not evaluated)" : ""));
        w.WriteLine($"boxes     {d.TruthBoxes} truth boxes ({d.DontCareBoxes} don't-care), {d.Detections} detections");
        w.WriteLine($"matching  IoU ≥ {F(s.IoUThreshold)}, greedy by score; {s.ClassRule}");
        w.WriteLine($"routing   empty images: {s.WhenEmpty}; audit off; reject per row: " +
                    (s.Reject is { } r ? $"{F(r)} (yours)" : $"{F(report.Suggestion.Reject)} (suggested)") + ", capped at accept");
        foreach (var x in d.Skipped) w.WriteLine($"skipped   {x.FileName}: {x.Reason}");
        foreach (var x in d.TruthIssues) w.WriteLine($"truth     skipped {x}");
        w.WriteLine();

        var suggested = report.Suggestion.Row;
        w.WriteLine("  accept reject  auto-P auto-R   to-humans  hybrid-P hybrid-R   all-P  all-R    TP   FP   FN");
        foreach (var row in report.Rows)
        {
            var mark = (Same(row, suggested) ? "*" : " ") + (s.Accept is { } a && Math.Abs(a - row.Accept) < 1e-4 ? ">" : " ");
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mark}{row.Accept,6:0.00} {row.Reject,6:0.00}  {P(row.AutoLabelled.Precision),6} {P(row.AutoLabelled.Recall),6}  " +
                $"{row.ImagesToHumans,5} {Math.Round(row.ShareToHumans * 100),4:0}%  {P(row.Hybrid.Precision),8} {P(row.Hybrid.Recall),8}   " +
                $"{P(row.AllImages.Precision),5} {P(row.AllImages.Recall),6}  {row.AutoLabelled.TruePositives,4} " +
                $"{row.AutoLabelled.FalsePositives,4} {row.AutoLabelled.FalseNegatives,4}"));
        }
        w.WriteLine("  * suggested  > your --accept");
        w.WriteLine("  auto: boxes ≥ accept on auto-labelled images vs their truth (TP/FP/FN too); all: boxes ≥ accept on every image;");
        w.WriteLine("  hybrid: auto labels plus perfect human labels on the images sent to humans.");
        w.WriteLine();

        var sg = report.Suggestion;
        w.WriteLine(suggested is null
            ? $"suggested  none for target precision {F(sg.TargetPrecision)}"
            : $"suggested  --accept {F(suggested.Accept)} --reject {F(suggested.Reject)}  (target precision {F(sg.TargetPrecision)})");
        foreach (var reason in sg.Reasons) w.WriteLine($"  - {reason}");
    }

    private static bool Same(ThresholdRow row, ThresholdRow? other) =>
        other is not null && Math.Abs(row.Accept - other.Accept) < 1e-4 && Math.Abs(row.Reject - other.Reject) < 1e-4;

    private static string P(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
