using System.Diagnostics;
using Akka;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Metrics;

namespace EdgeLabel.Actors.Pipeline.Stages;

/// <summary>Runs the model on groups of prepared images. One ONNX session serves the node; ORT already uses
/// its intra-op threads, so parallelism here is usually 1 and batches only pay off for dynamic-batch models.</summary>
public static class InferenceStage
{
    public static Flow<PipelineWork, PipelineWork, NotUsed> Create(IImageDetector detector, int maxBatch, TimeSpan window, int parallelism,
        EdgeMetrics? metrics = null) =>
        Flow.Create<PipelineWork>()
            .GroupedWithin(Math.Max(1, maxBatch), window)
            .SelectAsync(parallelism, group => Task.Run(() => Run(detector, group.ToList(), metrics)))
            .SelectMany(work => work);

    public static IReadOnlyList<PipelineWork> Run(IImageDetector detector, IReadOnlyList<PipelineWork> group, EdgeMetrics? metrics = null)
    {
        var prepared = group.OfType<Prepared>().ToList();
        if (prepared.Count == 0) return group;
        IReadOnlyList<IReadOnlyList<EdgeLabel.Inference.Detection>> results;
        var started = Stopwatch.GetTimestamp();
        try
        {
            results = detector.Detect(prepared.Select(p => p.Frame).ToArray());
        }
        catch (Exception e)
        {
            // A model that throws on one input must not stop the site: quarantine the group with the reason.
            return group.Select(w => w is Prepared p ? new Rejected(p.Pending, "inference-failed", e.Message) : w).ToList();
        }

        finally
        {
            metrics?.InferenceTook(Stopwatch.GetElapsedTime(started));
        }

        var output = new List<PipelineWork>(group.Count);
        var next = 0;
        foreach (var work in group)
            output.Add(work is Prepared p ? new Detected(p.Pending, p.Frame, results[next++]) : work);
        return output;
    }
}
