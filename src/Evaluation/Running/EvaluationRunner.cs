using EdgeLabel.Evaluation.Metrics;
using EdgeLabel.Evaluation.Reporting;
using EdgeLabel.Evaluation.Truth;

namespace EdgeLabel.Evaluation.Running;

/// <summary>Runs a detector over every annotated image and compares its decisions with the truth.</summary>
public sealed class EvaluationRunner(IImageDetector detector)
{
    public async Task<EvaluationReport> RunAsync(EvaluationOptions options, IProgress<(int done, int total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validated();
        var truth = TruthReader.ReadAll(options.TruthPaths);
        var images = truth.Images;
        var results = new EvaluatedImage?[images.Count];
        var skipped = new SkippedImage?[images.Count];
        var done = 0;
        progress?.Report((0, images.Count));

        // Results land in slots by index so the report does not depend on which image finished first.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, images.Count), parallel, async (i, ct) =>
        {
            var image = images[i];
            var path = ImageLocator.Find(image, options.ImagesDirectory);
            if (path is null)
            {
                skipped[i] = new SkippedImage(image.FileName, $"missing file: not in {options.ImagesDirectory}");
            }
            else
            {
                try
                {
                    var bytes = await File.ReadAllBytesAsync(path, ct);
                    var detections = await detector.DetectAsync(bytes, ct);
                    results[i] = new EvaluatedImage(image, detections);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad file must not end the evaluation; the report names it and why.
                    skipped[i] = new SkippedImage(image.FileName, $"{(e is IOException ? "read" : "decode")} error: {e.Message}");
                }
            }
            progress?.Report((Interlocked.Increment(ref done), images.Count));
        });

        return EvaluationReportBuilder.Build(detector.Model, options, truth,
            results.OfType<EvaluatedImage>().ToList(),
            skipped.OfType<SkippedImage>().ToList(),
            ImageLocator.CountUnannotated(options.ImagesDirectory, truth));
    }
}
