using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests;

/// <summary>A folder camera fed broken, odd and good files: the broken ones are quarantined with their reason,
/// everything else is decided, and the pipeline carries on.</summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    private const string Camera = "yard";

    private static readonly Dictionary<string, string> Quarantined = new()
    {
        ["truncated.jpg"] = "truncated",
        ["empty.jpg"] = "empty-file",
        ["text.jpg"] = "not-an-image",
        ["huge.jpg"] = "too-many-pixels",
    };

    private static readonly string[] OddButValid = ["alpha.png", "gray.jpg", "cmyk.jpg", "exif6.jpg"];

    private static readonly string[] GoodPhotos = ["2007_007763.jpg", "2008_001009.jpg", "2008_001322.jpg"];

    [Fact]
    public async Task Bad_files_are_quarantined_with_their_reason_and_the_pipeline_keeps_deciding_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("bad-input");
        var inbox = temp.Sub("inbox");
        Python.RunScript("make_bad_inputs.py", Path.Combine(TestData.DlibFaces, "2008_002506.jpg"), inbox);
        foreach (var photo in GoodPhotos) File.Copy(Path.Combine(TestData.DlibFaces, photo), Path.Combine(inbox, photo));
        ImageFolder.Backdate(inbox);
        var files = Directory.EnumerateFiles(inbox).ToDictionary(f => Path.GetFileName(f), f => TestData.Sha256(f));
        Assert.Equal(Quarantined.Count + OddButValid.Length + GoodPhotos.Length, files.Count);

        var config = new SiteConfig
        {
            Site = "bad-input",
            DataDir = temp.Sub("data"),
            Cameras = { [Camera] = SiteConfig.DirectoryCamera(inbox) },
            // 1 MP: the 2000x2000 file is above it, every other file below.
            Extra = { "model.max-pixels = 1000000" },
        };
        var configFile = temp.File("site.conf");
        string log;
        using (var node = RunningNode.Start(config, configFile, temp.Path))
        {
            var status = await node.WaitForStatusAsync(
                s => s.Camera(Camera) is { Idle: true } c && c.Discovered >= files.Count && s.Decisions.Total >= files.Count,
                TimeSpan.FromSeconds(60), $"all {files.Count} files to be settled", ct);
            output.WriteLine(status.ToString());
            Assert.Equal(Quarantined.Count, status.Decisions.Quarantined);
            Assert.Equal(files.Count - Quarantined.Count, status.Decisions.AutoLabeled + status.Decisions.Review + status.Decisions.Audit);
            Assert.Equal(0, status.Camera(Camera).Failed);
            await node.StopAsync(TimeSpan.FromSeconds(30));
            log = node.Process.Stdout + node.Process.Stderr;
        }

        var decisions = await DecisionExportFile.ExportAsync(configFile, temp.Path);
        foreach (var d in decisions) output.WriteLine($"{Path.GetFileName(d.Origin)}: {d.Kind} {d.Route ?? d.Reason} {d.Detail}");
        Assert.Equal(files.Count, decisions.Count);
        Assert.Equal(files.Count, decisions.Select(d => d.Id).Distinct().Count());
        var byFile = decisions.ToDictionary(d => Path.GetFileName(d.Origin));
        Assert.Equal(files.Keys.Order(), byFile.Keys.Order());
        foreach (var (file, id) in files)
            Assert.True(byFile[file].Id == id, $"{file}: decision id {byFile[file].Id} is not the sha256 of its bytes ({id})");

        foreach (var (file, reason) in Quarantined)
        {
            var d = byFile[file];
            Assert.True(d.Kind == "quarantined" && d.Reason == reason,
                $"{file} should be quarantined as '{reason}', was {d.Kind} {d.Route ?? d.Reason} ({d.Detail})");
            Assert.False(string.IsNullOrWhiteSpace(d.Detail), $"{file}: quarantine without a detail");
            Assert.True(log.Split('\n').Any(line => line.Contains("Quarantined") && line.Contains(d.Id) && line.Contains(reason)),
                $"the node's log has no 'Quarantined' line naming {d.Id} ({file}) and '{reason}':\n{log}");
        }
        foreach (var file in OddButValid.Concat(GoodPhotos))
        {
            var d = byFile[file];
            Assert.True(d.Kind == "decided" && d.Route is "auto-label" or "review" or "audit",
                $"{file} should be decided with a route, was {d.Kind} {d.Route ?? d.Reason} ({d.Detail})");
        }
    }
}
