using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.EdgeNode;
using EdgeLabel.Inference.Imaging;
using EdgeLabel.Inference.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeLabel.Benchmarks;

/// <summary><c>edge</c>: the same images, model and ORT session through (a) a plain sequential loop and (b) a real
/// edge site with persistence on (spool fsync, SQLite journal), in a fixed order, optionally repeated.</summary>
public static class EdgeBenchmark
{
    private const int WarmupImages = 8;
    private const string ImagesFolder = "out/bench/edge-images";
    private const string RunFolder = "out/bench/edge-run";
    private const string ReportFile = "out/bench/edge.json";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = EdgeOptions.Parse(args);
        if (options.Phase is { } phase) return await RunPhaseAsync(phase, options);

        var files = EdgeImages.Ensure(Path.GetFullPath(ImagesFolder), options.Images);
        Console.WriteLine($"edge benchmark: {files.Count} images from {ImagesFolder}, {options.Repeat} run(s) of (a) plain loop then (b) edge site, " +
                          "each phase in its own process (clean peak RSS)");
        var runs = new List<EdgeRun>();
        PhaseReport? context = null;
        for (var run = 1; run <= options.Repeat; run++)
        {
            var plain = await RunChildAsync("plain", run, options);
            var edge = await RunChildAsync("edge", run, options);
            context ??= edge;
            runs.Add(new EdgeRun(run, plain.Result, edge.Result, Math.Round(edge.Result.ImagesPerSecond / plain.Result.ImagesPerSecond, 3)));
        }

        var c = context!;
        var report = new EdgeReport(DateTimeOffset.Now, MachineInfo.Collect(), files.Count, ImagesFolder, EdgeImages.Seed,
            c.Model, c.Ort, c.Pipeline, c.SpoolFsync, WarmupImages, runs,
            new EdgeMedians(BenchReport.Median(runs.Select(r => r.Plain.ImagesPerSecond)), BenchReport.Median(runs.Select(r => r.Edge.ImagesPerSecond)),
                BenchReport.Median(runs.Select(r => r.Ratio))));
        BenchReport.PrintTable(report);
        BenchReport.WriteJson(report, ReportFile);
        Console.WriteLine($"wrote {ReportFile}");
        return 0;
    }

    /// <summary>Runs one phase as <c>edgelabel-bench edge --phase NAME</c> in a fresh process and reads its result.</summary>
    private static async Task<PhaseReport> RunChildAsync(string phase, int run, EdgeOptions options)
    {
        var result = Path.Combine(Path.GetTempPath(), $"edgelabel-bench-{Environment.ProcessId}-{phase}-{run}.json");
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        foreach (var arg in new[] { Assembly.GetEntryAssembly()!.Location, "edge", "--phase", phase, "--run", $"{run}", "--images", $"{options.Images}",
                     "--pipeline", options.Pipeline, "--result", result })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"phase {phase} (run {run}) exited with code {child.ExitCode}");
        var report = JsonSerializer.Deserialize<PhaseReport>(await File.ReadAllTextAsync(result), BenchReport.Json)!;
        File.Delete(result);
        return report;
    }

    /// <summary>Child process: load the detector from the bench site's settings (the same model and ORT session
    /// options for both phases), warm it up untimed, run one phase, write its result.</summary>
    private static async Task<int> RunPhaseAsync(string phase, EdgeOptions options)
    {
        var files = EdgeImages.List(Path.GetFullPath(ImagesFolder));
        if (files.Count != options.Images) throw new InvalidOperationException($"{ImagesFolder} has {files.Count} images, expected {options.Images}");
        var siteFile = WriteSiteFile(options.Run, options.Pipeline);
        var (settings, _) = EdgeConfiguration.Load(siteFile);
        using var detector = DetectorFactory.Create(settings.Model);
        var onnx = detector.Detector;
        var limits = onnx.DecodeLimitsFor(settings.Model.MaxPixels);
        foreach (var file in files.Take(WarmupImages)) PlainDetect(onnx, limits, file);

        var result = phase switch
        {
            "plain" => RunPlain(onnx, limits, files, new RssSampler()),
            "edge" => await RunEdgeAsync(siteFile, detector, files.Count, new RssSampler()),
            _ => throw new ArgumentException($"unknown phase '{phase}' (plain or edge)"),
        };
        File.Delete(siteFile);
        Console.WriteLine(phase == "plain"
            ? $"run {options.Run} (a) plain loop: {result.ImagesPerSecond,6:F1} images/s  ({result.Seconds:F2} s, peak RSS {result.Rss.PeakMb:F0} MB; per image: " +
              $"read {result.PerImageMs!.Read:F2} ms, decode+prepare {result.PerImageMs.DecodePrepare:F2} ms, infer+boxes {result.PerImageMs.InferBoxes:F2} ms; {result.Gc})"
            : $"run {options.Run} (b) edge site:  {result.ImagesPerSecond,6:F1} images/s  ({result.Seconds:F2} s incl. {result.StartupSeconds:F2} s host start, " +
              $"peak RSS {result.Rss.PeakMb:F0} MB; decode-parallelism {settings.Pipeline.DecodeParallelism}, " +
              $"inference-parallelism {settings.Pipeline.InferenceParallelism}, max-batch {settings.Pipeline.MaxBatch}, max-in-flight {settings.Pipeline.MaxInFlight}; {result.Gc})");
        var ort = new OrtSettings(settings.Model.IntraOpThreads, settings.Model.InterOpThreads, settings.Model.GraphOptimization, "sequential");
        await File.WriteAllTextAsync(options.Result!, JsonSerializer.Serialize(
            new PhaseReport(result, onnx.Identity, ort, settings.Pipeline, settings.SpoolFsync), BenchReport.Json));
        return 0;
    }

    /// <summary>(a) read file → decode → prepare → run → boxes, one image at a time, no actors. Also splits the
    /// time per step (read / decode + tensor fill / ORT run + box decoding), which says what the pipeline can overlap.</summary>
    private static PhaseResult RunPlain(OnnxDetector onnx, DecodeLimits limits, IReadOnlyList<string> files, RssSampler rss)
    {
        rss.Begin();
        var steps = new StepTimes();
        var gc = GcActivity.Start();
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        long boxes = 0;
        foreach (var file in files) boxes += PlainDetect(onnx, limits, file, steps);
        var seconds = clock.Elapsed.TotalSeconds;
        return new PhaseResult(files.Count, seconds, 0, files.Count / seconds, CpuTime() - cpu, MachineInfo.LoadAverage(), rss.End(),
            boxes, null, steps.PerImageMs(files.Count), gc());
    }

    /// <summary>CPU seconds (user + system) this process has used: images per CPU-second is robust to other load.</summary>
    private static double CpuTime() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static int PlainDetect(OnnxDetector onnx, DecodeLimits limits, string file, StepTimes? steps = null)
    {
        var t0 = Stopwatch.GetTimestamp();
        var bytes = File.ReadAllBytes(file);
        var t1 = Stopwatch.GetTimestamp();
        using var image = ImageDecoder.Decode(bytes, limits);
        using var input = onnx.Prepare(image);
        var t2 = Stopwatch.GetTimestamp();
        var boxes = onnx.Run([input])[0].Count;
        steps?.Add(t1 - t0, t2 - t1, Stopwatch.GetTimestamp() - t2);
        return boxes;
    }

    private sealed class StepTimes
    {
        private long _read, _prepare, _run;

        public void Add(long read, long prepare, long run) => (_read, _prepare, _run) = (_read + read, _prepare + prepare, _run + run);

        public StepMs PerImageMs(int images) => new(Ms(_read, images), Ms(_prepare, images), Ms(_run, images));

        private static double Ms(long ticks, int images) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency / images, 2);
    }

    /// <summary>(b) the node's Akka.Hosting wiring over a directory camera, timed from host start until every image
    /// is settled and its decision is in the journal.</summary>
    private static async Task<PhaseResult> RunEdgeAsync(string siteFile, OnnxImageDetector detector, int expected, RssSampler rss)
    {
        var (settings, hocon) = EdgeConfiguration.Load(siteFile);
        if (Directory.Exists(settings.DataDirectory)) Directory.Delete(settings.DataDirectory, recursive: true);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAkka($"edgelabel-{settings.Site}", akka => akka
            .AddHocon(hocon, HoconAddMode.Prepend)
            .ConfigureLoggers(l => l.AddLoggerFactory())
            .AddEdgeSite(settings, detector, TimeProvider.System));
        using var host = builder.Build();

        rss.Begin();
        var gc = GcActivity.Start();
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        var startup = clock.Elapsed.TotalSeconds;
        // Throughput is timed from a running host, like the plain loop is timed after its model load; the
        // start-up (journal recovery, camera scan) is reported on its own.
        clock.Restart();
        var pipeline = host.Services.GetRequiredService<IRequiredActor<SitePipeline>>().ActorRef;
        var journal = host.Services.GetRequiredService<IRequiredActor<DecisionJournal>>().ActorRef;
        var timeout = TimeSpan.FromSeconds(10);
        DecisionSummary decisions;
        while (true)
        {
            await Task.Delay(20);
            decisions = await journal.Ask<DecisionSummary>(GetDecisionSummary.Instance, timeout);
            if (decisions.Total < expected) continue;
            if ((await pipeline.Ask<SiteStatus>(GetSiteStatus.Instance, timeout)).Idle) break;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = CpuTime() - cpu;
        var peak = rss.End();
        var collections = gc();
        await host.StopAsync();
        return new PhaseResult(expected, seconds, startup, expected / seconds, cpuSeconds, MachineInfo.LoadAverage(), peak, null, decisions, null, collections);
    }

    /// <summary>The bench site: a directory camera over the generated images, a fresh data folder per run, the
    /// model by absolute path with the ORT settings spelled out; everything else is the shipped edge.conf.</summary>
    private static string WriteSiteFile(int run, string pipeline)
    {
        var dataDir = Path.GetFullPath(Path.Combine(RunFolder, $"run-{run}"));
        var path = Path.Combine(Path.GetTempPath(), $"edgelabel-bench-edge-{Environment.ProcessId}-{run}.conf");
        File.WriteAllText(path, $$"""
            edgelabel {
              site = "bench-edge"
              data-dir = "{{dataDir}}"
              model {
                path = "{{Path.GetFullPath(".cache/models/blazeface-back-256.onnx")}}"
              }
              cameras {
                bench-images {
                  type = directory
                  path = "{{Path.GetFullPath(ImagesFolder)}}"
                  extensions = [jpg]
                }
              }
              pipeline { {{pipeline}} }
              # Uploads are measured by `bench outbox`; here the outbox only records what would leave.
              upload.enabled = off
              http.url = "http://127.0.0.1:0"
            }
            """);
        return path;
    }

}
