using System.Text.Json.Nodes;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests;

/// <summary><c>edgelabel-cloud dataset import-gt FILE</c>: a Ground Truth output manifest (float coordinates,
/// <c>labeling-job/</c> job names) imports, malformed lines are skipped with their line numbers, and the manifest the
/// import writes imports again to the same images and boxes.</summary>
public sealed class ImportGroundTruthTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly TempDir _dir = new("import-gt");

    [Fact]
    public async Task A_ground_truth_manifest_imports_skipping_bad_lines_by_number_and_its_export_round_trips()
    {
        var input = _dir.File("output.manifest");
        await File.WriteAllLinesAsync(input,
        [
            Line("s3://bucket/images/gate-001.jpg", "2026-11-02T10:00:00.000001", (0, 12.5, 30.25, 40.75, 50.5), (1, 200.0, 100.0, 80.0, 60.0)),
            "{ this is not json",
            Line("s3://bucket/images/gate-002.jpg", "2026-11-02T10:05:00.000001", (0, 1.5, 2.5, 3.5, 4.5)),
            """{"label":{"annotations":[],"image_size":[{"width":10,"height":10,"depth":3}]}}""", // no source-ref
            Line("s3://bucket/images/gate-003.jpg", "2026-11-02T10:09:00.000001"),
        ], TestContext.Current.CancellationToken);

        var first = await ImportAsync(input, "first");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("line 2:", first.Stderr);
        Assert.Contains("line 4:", first.Stderr);
        Assert.DoesNotContain("line 1:", first.Stderr);
        Assert.Contains("imported 3 image(s), 3 box(es)", first.Stdout);

        var exported = Path.Combine(_dir.Path, "first", "groundtruth", "output.manifest");
        var lines = await File.ReadAllLinesAsync(exported, TestContext.Current.CancellationToken);
        Assert.Equal(3, lines.Length);
        var gate1 = JsonNode.Parse(lines.Single(l => l.Contains("gate-001.jpg")))!;
        var boxes = gate1["label"]!["annotations"]!.AsArray();
        Assert.Contains(boxes, b => b!["left"]!.GetValue<double>() == 12.5 && b["top"]!.GetValue<double>() == 30.25);
        Assert.Equal("labeling-job/gate-review", gate1["label-metadata"]!["job-name"]!.GetValue<string>());
        Assert.Equal("yes", gate1["label-metadata"]!["human-annotated"]!.GetValue<string>());

        var second = await ImportAsync(exported, "second");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("imported 3 image(s), 3 box(es)", second.Stdout);
        Assert.Equal(
            lines.Select(l => JsonNode.Parse(l)!["label"]!.ToJsonString()).Order(),
            (await File.ReadAllLinesAsync(Path.Combine(_dir.Path, "second", "groundtruth", "output.manifest"), TestContext.Current.CancellationToken))
                .Select(l => JsonNode.Parse(l)!["label"]!.ToJsonString()).Order());
    }

    [Fact]
    public async Task A_missing_manifest_is_one_clear_error_line_and_exit_code_2()
    {
        var run = await ImportAsync(_dir.File("nope.manifest"), "none");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: manifest not found", run.Stderr.Trim());
    }

    private async Task<NodeProcess> ImportAsync(string manifest, string outFolder)
    {
        var process = NodeProcess.Start(TestData.CloudDll, _dir.Path, null, "dataset", "import-gt", manifest, "--project", "gates", "--out", Path.Combine(_dir.Path, outFolder));
        if (!await process.WaitForExitAsync(Timeout))
        {
            process.Kill();
            Assert.Fail($"import-gt did not finish within {Timeout}.\n{process.Log}");
        }
        return process;
    }

    /// <summary>One line in Ground Truth's bounding-box output shape (label attribute "label", classes face/helmet).</summary>
    private static string Line(string sourceRef, string created, params (int Class, double Left, double Top, double Width, double Height)[] boxes)
    {
        var annotations = new JsonArray(boxes.Select(b => (JsonNode)new JsonObject
        {
            ["class_id"] = b.Class, ["left"] = b.Left, ["top"] = b.Top, ["width"] = b.Width, ["height"] = b.Height,
        }).ToArray());
        var line = new JsonObject
        {
            ["source-ref"] = sourceRef,
            ["label"] = new JsonObject
            {
                ["image_size"] = new JsonArray(new JsonObject { ["width"] = 640, ["height"] = 480, ["depth"] = 3 }),
                ["annotations"] = annotations,
            },
            ["label-metadata"] = new JsonObject
            {
                ["objects"] = new JsonArray(boxes.Select(_ => (JsonNode)new JsonObject { ["confidence"] = 0.09 }).ToArray()),
                ["class-map"] = new JsonObject { ["0"] = "face", ["1"] = "helmet" },
                ["type"] = "groundtruth/object-detection",
                ["human-annotated"] = "yes",
                ["creation-date"] = created,
                ["job-name"] = "labeling-job/gate-review",
            },
        };
        return line.ToJsonString();
    }

    public void Dispose() => _dir.Dispose();
}
