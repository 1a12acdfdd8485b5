using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests;

/// <summary><c>edgelabel-demo</c> (what <c>./build.sh demo</c> runs) over a handful of photos: a real cloud node and
/// two real edge sites as separate processes, until every decided image is in the dataset and exported.</summary>
public sealed partial class DemoTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Demo_puts_every_image_of_both_sites_into_the_exported_dataset_and_leaves_no_node_running()
    {
        using var temp = new TempDir("demo");
        // 3 dlib faces and 4 OpenCV images: north gets the faces and 2 OpenCV images, south the other 2 (no video).
        var samples = temp.Sub("samples");
        var faces = Directory.CreateDirectory(Path.Combine(samples, "dlib-faces")).FullName;
        foreach (var photo in TestData.DlibPhotos.Take(3)) File.Copy(photo, Path.Combine(faces, Path.GetFileName(photo)));
        // dlib's boxes beside them: the simulated labelers answer from them, and the summary measures the dataset against them.
        foreach (var xml in new[] { "training.xml", "testing.xml" }) File.Copy(Path.Combine(TestData.DlibFaces, xml), Path.Combine(faces, xml));
        var opencv = Directory.CreateDirectory(Path.Combine(samples, "opencv")).FullName;
        foreach (var photo in Directory.EnumerateFiles(Path.Combine(TestData.RepoRoot, ".cache", "samples", "opencv"), "*.jpg").Order(StringComparer.Ordinal).Take(4))
            File.Copy(photo, Path.Combine(opencv, Path.GetFileName(photo)));
        var output = Path.Combine(temp.Path, "out");

        var (exitCode, stdout, stderr) = await RunDemoAsync("--samples", samples, "--out", output, "--timeout", "300", "--video-frames", "0");
        var log = $"exit {exitCode}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}";

        Assert.True(exitCode == 0, log);
        var done = DoneLine().Match(stdout);
        Assert.True(done.Success, $"no summary line 'EdgeLabel demo done: ...'\n{log}");
        Assert.Equal(7, int.Parse(done.Groups["decided"].Value));
        Assert.Equal(7, int.Parse(done.Groups["dataset"].Value));

        // The export: one Ground Truth manifest line per dataset image, from both sites, and the other formats beside it.
        var export = Path.Combine(output, "dataset", "faces");
        var manifest = File.ReadAllLines(Path.Combine(export, "groundtruth", "output.manifest")).Where(l => l.Length > 0).ToList();
        Assert.Equal(7, manifest.Count);
        var sites = manifest.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("edgelabel-image").GetProperty("site").GetString()).ToList();
        Assert.Equal(5, sites.Count(s => s == "north"));
        Assert.Equal(2, sites.Count(s => s == "south"));
        using (var coco = JsonDocument.Parse(File.ReadAllText(Path.Combine(export, "coco", "annotations.json"))))
            Assert.Equal(7, coco.RootElement.GetProperty("images").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(export, "report", "index.html")), log);

        // The labeling loop ran unattended: every review and audit image carries human labels from a completed job.
        var lines = manifest.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var statuses = lines.Select(l => l.GetProperty("edgelabel-image").GetProperty("status").GetString()).ToList();
        Assert.DoesNotContain("awaiting-review", statuses);
        Assert.DoesNotContain("awaiting-upload", statuses);
        var humanChecked = lines.Where(l => l.GetProperty("edgelabel-image").GetProperty("status").GetString() is "reviewed" or "audited").ToList();
        Assert.All(humanChecked, l => Assert.Equal("yes", l.GetProperty("faces-metadata").GetProperty("human-annotated").GetString()));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "demo", "summary.json")));
        var labeling = summary.RootElement.GetProperty("labeling");
        var jobs = labeling.GetProperty("jobs");
        var decided = summary.RootElement.GetProperty("sites").EnumerateArray().Select(site => site.GetProperty("decisions")).ToList();
        var sentToHumans = decided.Sum(d => d.GetProperty("Review").GetInt32() + d.GetProperty("Audit").GetInt32());
        Assert.True(sentToHumans == humanChecked.Count, $"{sentToHumans} image(s) went to humans, {humanChecked.Count} came back labeled\n{log}");
        if (sentToHumans > 0)
        {
            Assert.True(jobs.GetProperty("Created").GetInt32() >= 1 && jobs.GetProperty("Completed").GetInt32() == jobs.GetProperty("Created").GetInt32(),
                $"every labeling job should have completed: {jobs}\n{log}");
            Assert.Equal(sentToHumans, labeling.GetProperty("workforce").GetProperty("Answered").GetInt32());
        }
        Assert.Contains("SIMULATED labelers", stdout);
        var accuracy = labeling.GetProperty("accuracy");
        Assert.Equal(3, accuracy.GetProperty("Images").GetInt32());
        Assert.True(accuracy.GetProperty("Precision").GetDouble() >= 0.98, $"dataset precision against dlib's boxes: {accuracy}\n{log}");

        // Every node the demo started (it prints "(pid N" for each) is gone once it has exited.
        var pids = PidOf().Matches(stdout).Select(m => int.Parse(m.Groups["pid"].Value)).ToList();
        Assert.True(pids.Count == 3, $"expected the pids of 3 nodes in the output\n{log}");
        var configFolder = Path.Combine(output, "demo", "config");
        foreach (var pid in pids)
            Assert.False(IsRunningWith(pid, configFolder), $"node pid {pid} still running after the demo exited\n{log}");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunDemoAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            // The repository root: the nodes find the default model (.cache/models/...) relative to it.
            WorkingDirectory = TestData.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(DemoDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("EDGELABEL_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(RunLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // The whole tree: the demo and the nodes it started.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"the demo did not finish within {RunLimit.TotalMinutes:0} min\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    // Built by the project reference (for build order only) into the Demo project's own output folder.
    private static string DemoDll()
    {
        var configuration = typeof(DemoTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(TestData.RepoRoot, "src", "Demo", "bin", configuration, "net10.0", "linux-x64", "edgelabel-demo.dll");
        Assert.True(File.Exists(dll), $"{dll} not found: build it with dotnet build tests/EdgeLabel.EndToEnd.Tests -c {configuration}");
        return dll;
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    // A pid counts as the node only while its command line names the run's config folder (pids are reused).
    private static bool IsRunningWith(int pid, string configFolder)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(configFolder, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"EdgeLabel demo done: (?<decided>\d+) images decided at 2 sites, (?<dataset>\d+) in dataset 'faces'")]
    private static partial Regex DoneLine();

    [GeneratedRegex(@"\(pid (?<pid>\d+)")]
    private static partial Regex PidOf();
}
