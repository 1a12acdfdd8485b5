using Akka;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Inference.Imaging;

namespace EdgeLabel.Actors.Pipeline.Stages;

/// <summary>Decode + resize + tensor fill, in parallel on the thread pool (CPU-bound, so parallelism ~ cores).
/// Bad images become <see cref="Rejected"/> with a reason instead of failing the stream. Each image leases the
/// detector that is active when it is prepared and keeps it until it is decided (a rollout may swap the slot meanwhile).</summary>
public static class PrepareStage
{
    public static Flow<PipelineWork, PipelineWork, NotUsed> Create(DetectorSlot detectors, int parallelism) =>
        Flow.Create<PipelineWork>()
            .SelectAsync(parallelism, work => work is Incoming incoming
                ? Task.Run(() => Prepare(detectors, incoming.Pending))
                : Task.FromResult(work));

    public static PipelineWork Prepare(DetectorSlot detectors, PendingImage pending)
    {
        var lease = detectors.Acquire();
        try
        {
            return new Prepared(pending, lease.Detector.Prepare(pending.TakeBytes()), lease);
        }
        catch (ImageRejectedException e)
        {
            lease.Dispose();
            return new Rejected(pending, ReasonCode(e.Reason), e.Message);
        }
        catch (Exception e)
        {
            lease.Dispose();
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
