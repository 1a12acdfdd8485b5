using Akka;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Inference.Imaging;

namespace EdgeLabel.Actors.Pipeline.Stages;

/// <summary>Decode + resize + tensor fill, in parallel on the thread pool (CPU-bound, so parallelism ~ cores).
/// Bad images become <see cref="Rejected"/> with a reason instead of failing the stream.</summary>
public static class PrepareStage
{
    public static Flow<PipelineWork, PipelineWork, NotUsed> Create(IImageDetector detector, int parallelism) =>
        Flow.Create<PipelineWork>()
            .SelectAsync(parallelism, work => work is Incoming incoming
                ? Task.Run(() => Prepare(detector, incoming.Pending))
                : Task.FromResult(work));

    public static PipelineWork Prepare(IImageDetector detector, PendingImage pending)
    {
        try
        {
            return new Prepared(pending, detector.Prepare(pending.TakeBytes()));
        }
        catch (ImageRejectedException e)
        {
            return new Rejected(pending, ReasonCode(e.Reason), e.Message);
        }
        catch (Exception e)
        {
            return new Rejected(pending, "decode-failed", e.Message);
        }
    }

    private static string ReasonCode(ImageRejectionReason reason) => reason switch
    {
        ImageRejectionReason.Empty => "empty-file",
        ImageRejectionReason.NotAnImage => "not-an-image",
        ImageRejectionReason.UnsupportedFormat => "unsupported-format",
        ImageRejectionReason.Truncated => "truncated",
        ImageRejectionReason.TooManyPixels => "too-many-pixels",
        _ => "decode-failed",
    };
}
