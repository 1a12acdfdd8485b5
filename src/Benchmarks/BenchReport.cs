using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Benchmarks;

/// <summary>One timed phase. Boxes: plain loop only; Decisions: edge site only.</summary>
public sealed record PhaseResult(int Images, double Seconds, double StartupSeconds, double ImagesPerSecond, RssPeak Rss,
    long? Boxes, DecisionSummary? Decisions);

public sealed record EdgeRun(int Run, PhaseResult Plain, PhaseResult Edge, double Ratio);

public sealed record OrtSettings(int IntraOpThreads, int InterOpThreads, string GraphOptimization, string ExecutionMode);

public sealed record EdgeReport(DateTimeOffset Date, MachineInfo Machine, int Images, string ImagesFolder, int ImageSeed,
    ModelIdentity Model, OrtSettings Ort, PipelineSettings Pipeline, bool SpoolFsync, int WarmupImages,
    IReadOnlyList<EdgeRun> Runs, double ProcessPeakRssMb);

public sealed record MachineInfo(int Cores, string Cpu, string Os, string Kernel, string DotNet, string OnnxRuntime)
{
    public static MachineInfo Collect() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        OrtEnv.Instance().GetVersionString());

    private static string? FirstValue(string file, string key, char separator) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(separator) + 1)..].Trim()).FirstOrDefault()
            : null;
}

public static class BenchReport
{
    public static void PrintTable(EdgeReport r)
    {
        Console.WriteLine();
        Console.WriteLine($"{r.Images} images, {r.Machine.Cores} cores ({r.Machine.Cpu}), {r.Machine.Os}, {r.Machine.DotNet}, ORT {r.Machine.OnnxRuntime}");
        Console.WriteLine("run | (a) plain img/s | (b) edge img/s | (b)/(a) | (a) peak RSS MB | (b) peak RSS MB | (b) start s");
        Console.WriteLine("----|-----------------|----------------|---------|-----------------|-----------------|------------");
        foreach (var run in r.Runs)
            Console.WriteLine($"{run.Run,3} | {run.Plain.ImagesPerSecond,15:F1} | {run.Edge.ImagesPerSecond,14:F1} | {run.Ratio,7:F2} | " +
                              $"{run.Plain.Rss.PeakMb,15:F0} | {run.Edge.Rss.PeakMb,15:F0} | {run.Edge.StartupSeconds,10:F2}");
    }

    public static void WriteJson(EdgeReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    }
}
