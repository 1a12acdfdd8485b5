using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLabel.Benchmarks;

/// <summary>One timed phase. CpuSeconds: this process's user + system time; LoadAverage: 1-minute system load at the
/// end (above the core count means other processes competed for the CPU). Boxes: plain loop only; Decisions: edge site only.</summary>
public sealed record PhaseResult(int Images, double Seconds, double StartupSeconds, double ImagesPerSecond, double CpuSeconds,
    double LoadAverage, RssPeak Rss,
    long? Boxes, DecisionSummary? Decisions, StepMs? PerImageMs, GcActivity? Gc = null);

/// <summary>Mean milliseconds per image spent reading the file, decoding + filling the tensor, and in ORT + box decoding.</summary>
public sealed record StepMs(double Read, double DecodePrepare, double InferBoxes);

public sealed record EdgeRun(int Run, PhaseResult Plain, PhaseResult Edge, double Ratio);

public sealed record OrtSettings(int IntraOpThreads, int InterOpThreads, string GraphOptimization, string ExecutionMode);

public sealed record EdgeReport(DateTimeOffset Date, MachineInfo Machine, int Images, string ImagesFolder, int ImageSeed,
    ModelIdentity Model, OrtSettings Ort, PipelineSettings Pipeline, bool SpoolFsync, int WarmupImages,
    IReadOnlyList<EdgeRun> Runs, EdgeMedians Median);

public sealed record EdgeMedians(double PlainImagesPerSecond, double EdgeImagesPerSecond, double Ratio);

/// <summary>What a phase's child process hands back: its result and the settings it actually ran with.</summary>
public sealed record PhaseReport(PhaseResult Result, ModelIdentity Model, OrtSettings Ort, PipelineSettings Pipeline, bool SpoolFsync);

public sealed record MachineInfo(int Cores, string Cpu, string Os, string Kernel, string DotNet, string OnnxRuntime)
{
    public static MachineInfo Collect() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString,
        RuntimeInformation.FrameworkDescription,
        OrtEnv.Instance().GetVersionString());

    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : 0;

    private static string? FirstValue(string file, string key, char separator) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(separator) + 1)..].Trim()).FirstOrDefault()
            : null;
}

public static class BenchReport
{
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void PrintTable(EdgeReport r)
    {
        Console.WriteLine();
        Console.WriteLine($"{r.Images} images, {r.Machine.Cores} cores ({r.Machine.Cpu}), {r.Machine.Os}, {r.Machine.DotNet}, ORT {r.Machine.OnnxRuntime}");
        Console.WriteLine("run |  (a) plain img/s |  (b) edge img/s | (b)/(a) | (a) img/CPU-s | (b) img/CPU-s | (a) peak RSS MB | (b) peak RSS MB | load (a)/(b)");
        Console.WriteLine("----|------------------|-----------------|---------|---------------|---------------|-----------------|-----------------|-------------");
        foreach (var run in r.Runs)
            Console.WriteLine($"{run.Run,3} | {run.Plain.ImagesPerSecond,16:F1} | {run.Edge.ImagesPerSecond,15:F1} | {run.Ratio,7:F2} | " +
                              $"{run.Plain.Images / run.Plain.CpuSeconds,13:F1} | {run.Edge.Images / run.Edge.CpuSeconds,13:F1} | " +
                              $"{run.Plain.Rss.PeakMb,15:F0} | {run.Edge.Rss.PeakMb,15:F0} | {run.Plain.LoadAverage,5:F1}/{run.Edge.LoadAverage:F1}");
        if (r.Runs.Count > 1)
            Console.WriteLine($"median: (a) {r.Median.PlainImagesPerSecond:F1} img/s, (b) {r.Median.EdgeImagesPerSecond:F1} img/s, (b)/(a) {r.Median.Ratio:F2}");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static void WriteJson(EdgeReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(report, Json));
    }
}
