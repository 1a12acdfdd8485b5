using System.Diagnostics;
using EdgeLabel.Actors.Camera;
using EdgeLabel.EndToEnd.Tests.Support;

namespace EdgeLabel.EndToEnd.Tests;

/// <summary>The acceptance test for durability: a real edge process over a folder of 500 real photos, SIGKILLed
/// again and again while it works, still ends with every image decided exactly once and spooled intact.</summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int ImageCount = 500;
    private const int Kills = 6;
    private const int Seed = 20_260_526;
    private const string Camera = "gate";

    /// <summary>Longest a run waits past its kill delay for images to be in flight (startup on a loaded machine).</summary>
    private static readonly TimeSpan RunCap = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Edge_node_killed_at_random_points_still_decides_every_image_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = Stopwatch.StartNew();
        using var temp = new TempDir("crash");
        var inbox = temp.Sub("inbox");
        var expected = WriteVariants(inbox);
        output.WriteLine($"{ImageCount} distinct images written in {total.Elapsed.TotalSeconds:0.0}s");

        var config = new SiteConfig
        {
            Site = "crash-test",
            DataDir = temp.Sub("data"),
            Cameras = { [Camera] = SiteConfig.DirectoryCamera(inbox) },
        };
        var configFile = temp.File("site.conf");

        // Run k is killed with SIGKILL a seeded random 1-6 s after its start. One run (the second) is killed at that
        // moment whatever it is doing, which on a busy machine is often still startup/recovery. The others are killed
        // at the first status poll after the delay that shows images in flight and a random 1-12 decisions persisted
        // by this run, or earlier once the journal passes a progress mark (so later runs still find work): those
        // kills land while decisions are being written, with more images spooled but not yet decided.
        // Every wait is capped; a busy machine only makes startup slower, it cannot stall the loop.
        var random = new Random(Seed);
        var kills = new List<KillRecord>();
        for (var k = 0; k < Kills; k++)
        {
            var delay = TimeSpan.FromMilliseconds(random.Next(1000, 6001));
            var mark = ImageCount * (k + 1) / (Kills + 1) + random.Next(0, ImageCount / (Kills + 1) / 2);
            var anyMoment = k == 1;
            var decideFirst = random.Next(1, 13);
            using var node = RunningNode.Start(config, configFile, temp.Path);
            NodeStatus? first = null, last = null;
            while (node.Process.Started.Elapsed < delay + RunCap)
            {
                if (node.Process.HasExited)
                    Assert.Fail($"edge node exited by itself (code {node.Process.ExitCode}) before kill {k + 1}.\n{node.Process.Log}");
                if (anyMoment && node.Process.Started.Elapsed >= delay) break;
                var status = await node.TryGetStatusAsync(ct);
                if (status is not null)
                {
                    first ??= status;
                    last = status;
                    if (status.Decisions.Total >= mark) break;
                    if (node.Process.Started.Elapsed >= delay && status.Site.InFlight > 0
                        && status.Decisions.Total - first.Decisions.Total >= decideFirst) break;
                }
                await Task.Delay(50, ct);
            }
            var at = node.Process.Started.Elapsed;
            node.Process.Kill();
            var record = new KillRecord(k + 1, at, delay, mark, anyMoment, first, last);
            kills.Add(record);
            output.WriteLine(record.ToString());
        }

        var midProcessing = kills.Count(k => k.MidProcessing);
        Assert.True(midProcessing >= Kills - 2,
            $"only {midProcessing} of {Kills} kills happened while images were in flight; the test did not exercise a crash mid-processing:\n" +
            string.Join('\n', kills));

        using (var final = RunningNode.Start(config, configFile, temp.Path))
        {
            var settled = await final.WaitForStatusAsync(
                s => s.Decisions.Total >= ImageCount && s.Camera(Camera) is { Idle: true } c && c.Discovered >= ImageCount,
                TimeSpan.FromSeconds(90), $"all {ImageCount} images to be settled after the last restart", ct);
            output.WriteLine($"final run settled after {final.Process.Started.Elapsed.TotalSeconds:0.0}s: {settled}");
            var camera = settled.Camera(Camera);
            Assert.True(camera.Discovered == ImageCount && camera.Settled == ImageCount && camera.Failed == 0,
                $"final run's camera should discover and settle each of the {ImageCount} files once, without failures: {settled}");
            Assert.True(settled.Decisions.Total == ImageCount && settled.Decisions.Quarantined == 0,
                $"the journal should hold exactly {ImageCount} decisions, none quarantined: {settled}");
            await final.StopAsync(TimeSpan.FromSeconds(30));
        }

        var decisions = await DecisionExportFile.ExportAsync(configFile, temp.Path);
        AssertEachImageDecidedOnce(expected, decisions);
        AssertSpoolHoldsEachImage(Path.Combine(config.DataDir, "spool"), expected);
        output.WriteLine($"crash test done in {total.Elapsed.TotalSeconds:0.0}s ({midProcessing} of {Kills} kills mid-processing)");
    }

    /// <summary>Writes the variants (in parallel: decoding and re-encoding is the slow part); returns content id -> file name.</summary>
    private static Dictionary<string, string> WriteVariants(string inbox)
    {
        // The ~500x400 photos only: variants of the 3 MP ones take most of the generation time and add nothing here.
        var small = TestData.DlibPhotos.Where(p => new FileInfo(p).Length < 150_000).Select(File.ReadAllBytes).ToArray();
        var variants = new PhotoVariants(small, Seed);
        var images = new byte[ImageCount][];
        Parallel.For(0, ImageCount, i => images[i] = variants.Make(i));
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ImageCount; i++)
        {
            var name = $"img-{i:D4}.jpg";
            ImageFolder.Write(inbox, name, images[i]);
            Assert.True(expected.TryAdd(TestData.Sha256(images[i]), name), $"variant {i} repeats an earlier variant's bytes");
        }
        return expected;
    }

    private static void AssertEachImageDecidedOnce(Dictionary<string, string> expected, IReadOnlyList<ExportedDecision> decisions)
    {
        var duplicates = decisions.GroupBy(d => d.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} ({expected.GetValueOrDefault(g.Key, "?")}) x{g.Count()} at seq {string.Join(",", g.Select(d => d.Seq))}").ToList();
        Assert.True(duplicates.Count == 0, $"{duplicates.Count} image(s) decided more than once:\n{string.Join('\n', duplicates.Take(20))}");
        var exported = decisions.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Keys.Where(id => !exported.Contains(id)).Select(id => $"{id} ({expected[id]})").ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} image(s) lost (never decided):\n{string.Join('\n', missing.Take(20))}");
        var extra = exported.Where(id => !expected.ContainsKey(id)).ToList();
        Assert.True(extra.Count == 0, $"{extra.Count} decision(s) for content that was never in the folder:\n{string.Join('\n', extra.Take(20))}");
        Assert.Equal(decisions.Count, decisions.Select(d => d.Seq).Distinct().Count());
        var notDecided = decisions.Where(d => d.Kind != "decided" || d.Route is not ("auto-label" or "review" or "audit")).ToList();
        Assert.True(notDecided.Count == 0, "every real photo should be decided with a route; these were not:\n" +
            string.Join('\n', notDecided.Take(10).Select(d => $"{expected[d.Id]}: {d.Kind} {d.Route} {d.Reason} {d.Detail}")));
        var wrongOrigin = decisions.Where(d => Path.GetFileName(d.Origin) != expected[d.Id] || d.Camera != Camera).ToList();
        Assert.True(wrongOrigin.Count == 0, "decisions name the wrong source file or camera:\n" +
            string.Join('\n', wrongOrigin.Take(10).Select(d => $"{d.Id}: {d.Camera} {d.Origin}, expected {expected[d.Id]}")));
    }

    private static void AssertSpoolHoldsEachImage(string spool, Dictionary<string, string> expected)
    {
        Assert.True(Directory.Exists(spool), $"no spool at {spool}");
        var temps = Directory.EnumerateFiles(spool, "*.tmp", SearchOption.AllDirectories).ToList();
        Assert.True(temps.Count == 0, $"spool holds {temps.Count} leftover temp file(s): {string.Join(", ", temps.Take(10))}");
        var files = Directory.EnumerateFiles(spool, "*", SearchOption.AllDirectories).ToList();
        var problems = new List<string>();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var folder = Path.GetFileName(Path.GetDirectoryName(file))!;
            if (!expected.ContainsKey(id)) problems.Add($"unexpected file {file}");
            else if (Path.GetExtension(file) != ".jpg" || folder != id[..2]) problems.Add($"misplaced/misnamed {file}");
            else if (TestData.Sha256(file) != id) problems.Add($"torn or wrong bytes in {file}");
            else found.Add(id);
        }
        problems.AddRange(expected.Keys.Where(id => !found.Contains(id)).Select(id => $"missing {id} ({expected[id]})"));
        Assert.True(problems.Count == 0, $"spool problems ({problems.Count}):\n{string.Join('\n', problems.Take(20))}");
        Assert.Equal(ImageCount, files.Count);
    }

    private sealed record KillRecord(int Number, TimeSpan At, TimeSpan Delay, int Mark, bool AnyMoment, NodeStatus? FirstStatus,
        NodeStatus? LastStatus)
    {
        /// <summary>Decisions persisted by this run up to its last status poll.</summary>
        public int DecidedThisRun => (LastStatus?.Decisions.Total ?? 0) - (FirstStatus?.Decisions.Total ?? 0);

        /// <summary>The last status before the kill showed this run deciding, more images in flight, and work left.</summary>
        public bool MidProcessing => LastStatus is { Site.InFlight: > 0 } s && s.Decisions.Total < ImageCount && DecidedThisRun > 0;

        public override string ToString() =>
            $"kill {Number}: SIGKILL at {At.TotalSeconds:0.00}s (delay {Delay.TotalSeconds:0.00}s, " +
            (AnyMoment ? "at whatever moment" : $"progress mark {Mark}") + "); " +
            (LastStatus is null ? "node had not answered /status yet (killed during startup)" : $"decided this run {DecidedThisRun}, last status: {LastStatus}") +
            (MidProcessing ? " [mid-processing]" : "");
    }
}
