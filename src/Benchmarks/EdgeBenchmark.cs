using System.Diagnostics;
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
        var (count, repeat) = ParseArgs(args);
        var files = EdgeImages.Ensure(Path.GetFullPath(ImagesFolder), count);

        // One detector from the bench site's own settings serves both phases: same model file, same ORT session options.
        var (settings, _) = EdgeConfiguration.Load(WriteSiteFile(1));
        using var detector = DetectorFactory.Create(settings.Model);
        var onnx = detector.Detector;
        var limits = onnx.DecodeLimitsFor(settings.Model.MaxPixels);
        Console.WriteLine($"edge benchmark: {files.Count} images, model {onnx.Identity.Id} {onnx.Identity.Version} ({onnx.AdapterName}), " +
                          $"ORT intra-op {settings.Model.IntraOpThreads}, inter-op {settings.Model.InterOpThreads}, graph {settings.Model.GraphOptimization}, sequential");
        Console.WriteLine($"pipeline: {settings.Pipeline}; spool fsync {(settings.SpoolFsync ? "on" : "off")}");

        foreach (var file in files.Take(WarmupImages)) PlainDetect(onnx, limits, file); // untimed ORT + JIT warm-up

        var rss = new RssSampler();
        var runs = new List<EdgeRun>();
        for (var run = 1; run <= repeat; run++)
        {
            var plain = RunPlain(onnx, limits, files, rss);
            Console.WriteLine($"run {run} (a) plain loop: {plain.ImagesPerSecond,7:F1} images/s  ({plain.Seconds:F2} s, peak RSS {plain.Rss.PeakMb:F0} MB)");
            var edge = await RunEdgeAsync(WriteSiteFile(run), detector, files.Count, rss);
            Console.WriteLine($"run {run} (b) edge site:  {edge.ImagesPerSecond,7:F1} images/s  ({edge.Seconds:F2} s incl. {edge.StartupSeconds:F2} s start, peak RSS {edge.Rss.PeakMb:F0} MB)");
            runs.Add(new EdgeRun(run, plain, edge, Math.Round(edge.ImagesPerSecond / plain.ImagesPerSecond, 3)));
        }

        var report = new EdgeReport(DateTimeOffset.Now, MachineInfo.Collect(), files.Count, Path.GetFullPath(ImagesFolder), EdgeImages.Seed,
            onnx.Identity, new OrtSettings(settings.Model.IntraOpThreads, settings.Model.InterOpThreads, settings.Model.GraphOptimization, "sequential"),
            settings.Pipeline, settings.SpoolFsync, WarmupImages, runs, RssSampler.ProcessPeakMb());
        BenchReport.PrintTable(report);
        BenchReport.WriteJson(report, ReportFile);
        Console.WriteLine($"wrote {ReportFile}");
        return 0;
    }

    /// <summary>(a) read file → decode → prepare → run → boxes, one image at a time, no actors.</summary>
    private static PhaseResult RunPlain(OnnxDetector onnx, DecodeLimits limits, IReadOnlyList<string> files, RssSampler rss)
    {
        rss.Begin();
        var clock = Stopwatch.StartNew();
        long boxes = 0;
        foreach (var file in files) boxes += PlainDetect(onnx, limits, file);
        var seconds = clock.Elapsed.TotalSeconds;
        return new PhaseResult(files.Count, seconds, 0, files.Count / seconds, rss.End(), boxes, null);
    }

    private static int PlainDetect(OnnxDetector onnx, DecodeLimits limits, string file)
    {
        var bytes = File.ReadAllBytes(file);
        using var image = ImageDecoder.Decode(bytes, limits);
        using var input = onnx.Prepare(image);
        return onnx.Run([input])[0].Count;
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
        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        var startup = clock.Elapsed.TotalSeconds;
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
        var peak = rss.End();
        await host.StopAsync();
        return new PhaseResult(expected, seconds, startup, expected / seconds, peak, null, decisions);
    }

    /// <summary>The bench site: a directory camera over the generated images, a fresh data folder per run, the
    /// model by absolute path with the ORT settings spelled out; everything else is the shipped edge.conf.</summary>
    private static string WriteSiteFile(int run)
    {
        var dataDir = Path.GetFullPath(Path.Combine(RunFolder, $"run-{run}"));
        var path = Path.Combine(Path.GetTempPath(), $"edgelabel-bench-edge-{Environment.ProcessId}-{run}.conf");
        File.WriteAllText(path, $$"""
            edgelabel {
              site = "bench-edge"
              data-dir = "{{dataDir}}"
              model {
                path = "{{Path.GetFullPath(".cache/models/blazeface-back-256.onnx")}}"
                intra-op-threads = 2
                inter-op-threads = 1
                graph-optimization = all
              }
              cameras {
                bench-images {
                  type = directory
                  path = "{{Path.GetFullPath(ImagesFolder)}}"
                  extensions = [jpg]
                }
              }
              http.url = "http://127.0.0.1:0"
            }
            """);
        return path;
    }

    private static (int Images, int Repeat) ParseArgs(string[] args)
    {
        int images = 1000, repeat = 1;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            int Next() => ++i < args.Length && int.TryParse(args[i], out var v) && v > 0
                ? v : throw new ArgumentException($"{name} needs a positive number");
            switch (name)
            {
                case "--images": images = Next(); break;
                case "--repeat": repeat = Next(); break;
                default: throw new ArgumentException($"unknown option '{name}' (known: --images N, --repeat N)");
            }
        }
        return (images, repeat);
    }
}
