using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests;

/// <summary>Configuration and model mistakes stop <c>run</c> at once: exit code 2 and one <c>error:</c> message on
/// stderr that names the key or file to fix, no stack trace.</summary>
public sealed class StartupErrorTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _temp = new("startup");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Missing_model_file_exits_with_2_and_names_the_file()
    {
        var missing = Path.Combine(_temp.Path, "models", "no-such-model.onnx");
        var stderr = await RunExpectingError(Site(modelPath: missing));
        Assert.Contains(missing, stderr);
    }

    [Fact]
    public async Task Malformed_number_exits_with_2_and_names_the_key()
    {
        var stderr = await RunExpectingError(Site(extra: "pipeline.max-in-flight = lots"));
        Assert.Contains("edgelabel.pipeline.max-in-flight", stderr);
    }

    [Fact]
    public async Task Hocon_syntax_error_exits_with_2_and_names_the_file()
    {
        var file = _temp.File("broken.conf");
        // A doubled comma; (Akka's HOCON parser accepts unbalanced braces, and loops on an unclosed array, so those aren't used.)
        File.WriteAllText(file, "edgelabel {\n  site = \"broken\",,\n}\n");
        var stderr = await RunExpectingError(file);
        Assert.Contains(file, stderr);
        Assert.Contains("not valid HOCON", stderr);
    }

    [Fact]
    public async Task Router_accept_below_reject_exits_with_2_and_names_the_key()
    {
        var stderr = await RunExpectingError(Site(extra: "router { accept = 0.3, reject = 0.6 }"));
        Assert.Contains("edgelabel.router.accept", stderr);
    }

    [Fact]
    public async Task Unknown_camera_type_exits_with_2_and_names_the_key()
    {
        var stderr = await RunExpectingError(Site(cameraType: "webcam"));
        Assert.Contains("edgelabel.cameras.gate.type", stderr);
        Assert.Contains("webcam", stderr);
    }

    [Fact]
    public async Task Model_matching_no_output_adapter_exits_with_2_and_lists_the_expected_layouts()
    {
        var model = _temp.File("unmatched.onnx");
        Python.RunScript("make_unmatched_model.py", model);
        var stderr = await RunExpectingError(Site(modelPath: model));
        Assert.Contains(model, stderr);
        Assert.Contains("Expected one of:", stderr);
        Assert.Contains("[1,7]", stderr.Replace(" ", ""));
        // One expected layout per known adapter, each on its own "  - " line.
        Assert.True(stderr.Split('\n').Count(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal)) >= 3,
            $"expected the known layouts listed one per line:\n{stderr}");
    }

    private string Site(string? modelPath = null, string? extra = null, string cameraType = "directory")
    {
        var config = new SiteConfig
        {
            Site = "startup-errors",
            DataDir = Path.Combine(_temp.Path, "data"),
            ModelPath = modelPath ?? TestData.ModelPath,
            Cameras = { ["gate"] = $"type = {cameraType}, path = {SiteConfig.Quote(_temp.Sub("inbox"))}" },
        };
        if (extra is not null) config.Extra.Add(extra);
        return config.Write(_temp.File($"site-{Guid.NewGuid():N}.conf"), FreePort.Next());
    }

    /// <summary>Runs <c>run --config</c>, expects exit code 2 with a single-message <c>error:</c> on stderr; returns stderr.</summary>
    private async Task<string> RunExpectingError(string configFile)
    {
        using var edge = await NodeProcess.RunToEndAsync(_temp.Path, TimeSpan.FromSeconds(60), "run", "--config", configFile);
        output.WriteLine(edge.Log);
        Assert.True(edge.ExitCode == 2, $"expected exit code 2, got {edge.ExitCode}.\n{edge.Log}");
        var stderr = edge.Stderr;
        Assert.StartsWith("error: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        return stderr;
    }
}
