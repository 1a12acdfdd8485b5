using System.Diagnostics;
using Akka;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Metrics;
using EdgeLabel.Inference;

namespace EdgeLabel.Actors.Pipeline.Stages;

/// <summary>Runs the model on groups of prepared images. One ONNX session serves the node; ORT already uses
/// its intra-op threads, so parallelism here is usually 1 and batches only pay off for dynamic-batch models.
/// Each image runs on the detector it was prepared by (its lease): around a rollout one group may hold two.</summary>
public static class InferenceStage
{
    public static Flow<PipelineWork, PipelineWork, NotUsed> Create(int maxBatch, TimeSpan window, int parallelism,
        EdgeMetrics? metrics = null) =>
        Flow.Create<PipelineWork>()
            .GroupedWithin(Math.Max(1, maxBatch), window)
            .SelectAsync(parallelism, group => Task.Run(() => Run(group.ToList(), metrics)))
            .SelectMany(work => work);

    public static IReadOnlyList<PipelineWork> Run(IReadOnlyList<PipelineWork> group, EdgeMetrics? metrics = null)
    {
        if (!group.Any(w => w is Prepared)) return group;
        var output = group.ToArray();
        // Batches per detector, each no larger than that model takes; positions keep the group's order.
        var batches = group.Select((work, index) => (work, index))
            .Where(x => x.work is Prepared)
            .GroupBy(x => ((Prepared)x.work).Lease.Detector)
            .SelectMany(byDetector => byDetector.Chunk(Math.Max(1, byDetector.Key.MaxBatch)).Select(chunk => (Detector: byDetector.Key, Chunk: chunk)));
        foreach (var (detector, chunk) in batches)
        {
            var prepared = chunk.Select(x => (Prepared)x.work).ToArray();
            IReadOnlyList<IReadOnlyList<Detection>> results;
            var started = Stopwatch.GetTimestamp();
            try
            {
                results = detector.Detect(prepared.Select(p => p.Frame).ToArray());
            }
            catch (Exception e)
            {
                // A model that throws on one input must not stop the site: quarantine the batch with the reason.
                foreach (var (work, index) in chunk)
                {
                    var p = (Prepared)work;
                    p.Lease.Dispose();
                    output[index] = new Rejected(p.Pending, "inference-failed", e.Message);
                }
                continue;
            }
            finally
            {
                metrics?.InferenceTook(Stopwatch.GetElapsedTime(started));
            }

            for (var i = 0; i < chunk.Length; i++)
                output[chunk[i].index] = new Detected(prepared[i].Pending, prepared[i].Frame, results[i], prepared[i].Lease);
        }
        return output;
    }
}
